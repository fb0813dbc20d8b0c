using System.Collections.Concurrent;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Snapshots;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Where a run sends what it generates: the model grains (the real path) or plain monitors (the benchmark's loop).
/// Both keep a fleet alert book whose clock the run moves to the end of every tick, so escalations and silences
/// happen at the same event times on either path.
/// </summary>
public interface IFleetSink
{
    /// <summary>Whether calls for different models may come from several threads at once (a run then sends each batch as soon as it is made).</summary>
    bool AcceptsConcurrentCalls => false;

    Task Register(ModelDefinition definition);
    Task<IngestResult> Ingest(string model, EventBatch batch);
    Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now);
    Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at);

    /// <summary>Moves the fleet alert book's clock to <paramref name="now"/>; returns whom that told (escalations, ended silences).</summary>
    Task<IReadOnlyList<Notification>> AdvanceAlerts(DateTimeOffset now);

    /// <summary>Acknowledges the open incidents the model has firing alerts in; returns how many.</summary>
    Task<int> Acknowledge(string model, string by, DateTimeOffset at);

    Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason, DateTimeOffset at);

    /// <summary>Lifts a silence in force; false when there is none such.</summary>
    Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at);

    /// <summary>Acknowledges an incident (its id) or an alert ("rule/model"); false when there is none such open.</summary>
    Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at);

    /// <summary>Marks an open incident mitigated; false when there is none such open.</summary>
    Task<bool> Mitigate(string incident, string by, DateTimeOffset at);

    /// <summary>The model as the monitor sees it now (its windows and level); null if it was never registered.</summary>
    Task<ModelSnapshot?> Snapshot(string model);

    /// <summary>The monitor's comparison of the model's declared candidate with its registered version; null without a candidate.</summary>
    Task<RolloutReport?> Rollout(string model);

    /// <summary>Every incident of the alert book, open or not, with its milestones.</summary>
    Task<IReadOnlyList<IncidentView>> Incidents();
}

/// <summary>
/// The real path: every batch goes to the model's grain, exactly as HTTP ingestion does, in the run's own
/// <paramref name="world"/> (its models, registry and alert book; the live fleet's when not given).
/// </summary>
public sealed class GrainFleetSink(IGrainFactory grains, string world = World.Live) : IFleetSink
{
    // GetGrain resolves the interface's grain type by reflection on every call: ~5% of a simulated day's CPU
    // when asked once per model per tick. A reference is immutable and valid for the silo's life, so keep it.
    // Concurrent: a batch cut into pieces sends its later pieces from a continuation on the thread pool.
    private readonly ConcurrentDictionary<string, IModelGrain> _models = new(StringComparer.Ordinal);
    private IFleetAlertsGrain? _book;

    private IFleetAlertsGrain Book => _book ??= grains.AlertBook(world);

    public bool AcceptsConcurrentCalls => true;

    private IModelGrain Model(string id) => _models.GetOrAdd(id, static (id, sink) => sink.grains.Model(sink.world, id), (grains, world));

    public Task Register(ModelDefinition definition) => Model(definition.Id).Register(definition);

    public Task<IngestResult> Ingest(string model, EventBatch batch) => Model(model).Ingest(batch);

    public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now) => Model(model).AdvanceTo(now);

    public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at) =>
        Model(model).Force(level, by, reason, at);

    public Task<IReadOnlyList<Notification>> AdvanceAlerts(DateTimeOffset now) => Book.Advance(now);

    public async Task<int> Acknowledge(string model, string by, DateTimeOffset at)
    {
        await Book.Advance(at);
        return await Book.AcknowledgeModel(model, by);
    }

    public async Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason, DateTimeOffset at)
    {
        await Book.Advance(at);
        return await Book.Silence(matcher, duration, by, reason);
    }

    public async Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at)
    {
        await Book.Advance(at);
        return await Book.Unsilence(silenceId, by);
    }

    public async Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at)
    {
        await Book.Advance(at);
        return await Book.Acknowledge(target, by);
    }

    public async Task<bool> Mitigate(string incident, string by, DateTimeOffset at)
    {
        await Book.Advance(at);
        return await Book.Mitigate(incident, by);
    }

    public Task<ModelSnapshot?> Snapshot(string model) => Model(model).GetSnapshot();

    public Task<RolloutReport?> Rollout(string model) => Model(model).GetRollout();

    public Task<IReadOnlyList<IncidentView>> Incidents() => Book.Incidents(null);
}

/// <summary>The same monitoring classes in one thread, no Orleans: for the plain-loop benchmark and fast tests.</summary>
public sealed class MonitorFleetSink : IFleetSink
{
    private readonly Dictionary<string, Monitoring.ModelMonitor> _monitors = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Monitoring.ModelMonitor> Monitors => _monitors;

    /// <summary>The fleet's alert book as <see cref="FleetAlertsGrain"/> keeps it, in memory.</summary>
    public FleetAlertsState Alerts { get; } = new();

    public Task Register(ModelDefinition definition)
    {
        if (_monitors.TryGetValue(definition.Id, out var monitor))
        {
            _ = monitor.Redefine(definition);
            Book(monitor);
        }
        else _monitors[definition.Id] = new Monitoring.ModelMonitor(definition, new(), new());
        return Task.CompletedTask;
    }

    public Task<IngestResult> Ingest(string model, EventBatch batch)
    {
        var monitor = _monitors[model];
        var result = monitor.Apply(batch).Result;
        Book(monitor);
        return Task.FromResult(result);
    }

    public Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now)
    {
        var monitor = _monitors[model];
        var transition = monitor.AdvanceTo(now);
        Book(monitor);
        return Task.FromResult(transition);
    }

    public Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at)
    {
        var monitor = _monitors[model];
        var transition = monitor.Force(level, by, reason, at);
        Book(monitor);
        return Task.FromResult(transition);
    }

    public Task<IReadOnlyList<Notification>> AdvanceAlerts(DateTimeOffset now) => Task.FromResult(Alerts.Advance(now));

    public Task<int> Acknowledge(string model, string by, DateTimeOffset at)
    {
        Alerts.Advance(at);
        return Task.FromResult(Alerts.Book.AcknowledgeModel(model, by, Alerts.Now));
    }

    public Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason, DateTimeOffset at)
    {
        Alerts.Advance(at);
        return Task.FromResult(Alerts.Book.Silence(matcher, Alerts.Now + duration, by, reason, Alerts.Now));
    }

    public Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at)
    {
        Alerts.Advance(at);
        return Task.FromResult(Alerts.Book.Unsilence(silenceId, by, Alerts.Now));
    }

    public Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at)
    {
        Alerts.Advance(at);
        return Task.FromResult(target.Split('/', 2) is [var rule, var model]
            ? Alerts.Book.Acknowledge(new AlertKey(rule, model), by, Alerts.Now)
            : Alerts.Book.Acknowledge(target, by, Alerts.Now));
    }

    public Task<bool> Mitigate(string incident, string by, DateTimeOffset at)
    {
        Alerts.Advance(at);
        return Task.FromResult(Alerts.Book.Mitigate(incident, by, Alerts.Now));
    }

    public Task<ModelSnapshot?> Snapshot(string model) => Task.FromResult(_monitors.GetValueOrDefault(model)?.Snapshot());

    public Task<RolloutReport?> Rollout(string model) => Task.FromResult(_monitors.GetValueOrDefault(model)?.Rollout());

    public Task<IReadOnlyList<IncidentView>> Incidents() => Task.FromResult(Alerts.Book.Incidents(null));

    /// <summary>The model's latest alert changes go to the book, as the model grain sends them to the alerts grain.</summary>
    private void Book(Monitoring.ModelMonitor monitor)
    {
        if (monitor.LastAlerts.Count > 0) Alerts.Apply(monitor.LastAlerts, ModelInfo.Of(monitor.Definition));
    }
}
