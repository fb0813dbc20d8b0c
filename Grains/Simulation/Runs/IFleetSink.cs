using Fleet.Events;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Simulation.Runs;

/// <summary>Where a run sends what it generates: the model grains (the real path) or plain monitors (the benchmark's loop).</summary>
public interface IFleetSink
{
    Task Register(ModelDefinition definition);
    Task<IngestResult> Ingest(string model, EventBatch batch);
    Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now);
    Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at);
}

/// <summary>The real path: every batch goes to the model's grain, exactly as HTTP ingestion does.</summary>
public sealed class GrainFleetSink(IGrainFactory grains) : IFleetSink
{
    public Task Register(ModelDefinition definition) => grains.GetGrain<IModelGrain>(definition.Id).Register(definition);

    public Task<IngestResult> Ingest(string model, EventBatch batch) => grains.GetGrain<IModelGrain>(model).Ingest(batch);

    public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now) => grains.GetGrain<IModelGrain>(model).AdvanceTo(now);

    public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at) =>
        grains.GetGrain<IModelGrain>(model).Force(level, by, reason, at);
}

/// <summary>The same monitoring classes in one thread, no Orleans: for the plain-loop benchmark and fast tests.</summary>
public sealed class MonitorFleetSink : IFleetSink
{
    private readonly Dictionary<string, Monitoring.ModelMonitor> _monitors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Monitoring.ModelMonitor> Monitors => _monitors;

    public Task Register(ModelDefinition definition)
    {
        if (_monitors.TryGetValue(definition.Id, out var monitor)) _ = monitor.Redefine(definition);
        else _monitors[definition.Id] = new Monitoring.ModelMonitor(definition, new(), new());
        return Task.CompletedTask;
    }

    public Task<IngestResult> Ingest(string model, EventBatch batch) => Task.FromResult(_monitors[model].Apply(batch).Result);

    public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now) => Task.FromResult(_monitors[model].AdvanceTo(now));

    public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at) =>
        Task.FromResult(_monitors[model].Force(level, by, reason, at));
}
