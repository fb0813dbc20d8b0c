using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Snapshots;

namespace Fleet.Tests.Incidents;

/// <summary>
/// The plain path (<see cref="MonitorFleetSink"/>: the same monitors and alert book as the grains) with a
/// record of every alert change in order, and of the notifications the fleet clock alone produced
/// (<see cref="IFleetSink.AdvanceAlerts"/>: escalations and ended silences, with no alert changing).
/// </summary>
internal sealed class AlertRecordingSink : IFleetSink
{
    public MonitorFleetSink Inner { get; } = new();
    public List<AlertTransition> Changes { get; } = [];
    public List<Notification> ByClock { get; } = [];

    public IReadOnlyList<Notification> Told => Inner.Alerts.Told;
    public AlertBook Book => Inner.Alerts.Book;

    public static async Task<(ScenarioRun Run, AlertRecordingSink Sink)> PlayAsync(string yaml)
    {
        var sink = new AlertRecordingSink();
        var run = new ScenarioRun(ScenarioLoader.Parse(yaml), new RunOptions(), sink);
        await run.RunAsync(CancellationToken.None);
        return (run, sink);
    }

    /// <summary>The changes of one alert, in order.</summary>
    public List<AlertTransition> Of(string rule, string model) => Changes.Where(c => c.Rule == rule && c.Model == model).ToList();

    public async Task Register(ModelDefinition definition)
    {
        await Inner.Register(definition);
        Keep(definition.Id);
    }

    public async Task<IngestResult> Ingest(string model, EventBatch batch)
    {
        var result = await Inner.Ingest(model, batch);
        Keep(model);
        return result;
    }

    public async Task<LevelTransition?> AdvanceTo(string model, DateTimeOffset now)
    {
        var moved = await Inner.AdvanceTo(model, now);
        Keep(model);
        return moved;
    }

    public async Task<LevelTransition?> Force(string model, DegradationLevel? level, string by, string reason, DateTimeOffset at)
    {
        var moved = await Inner.Force(model, level, by, reason, at);
        Keep(model);
        return moved;
    }

    public async Task<IReadOnlyList<Notification>> AdvanceAlerts(DateTimeOffset now)
    {
        var told = await Inner.AdvanceAlerts(now);
        ByClock.AddRange(told);
        return told;
    }

    public Task<int> Acknowledge(string model, string by, DateTimeOffset at) => Inner.Acknowledge(model, by, at);

    public Task<bool> AcknowledgeTarget(string target, string by, DateTimeOffset at) => Inner.AcknowledgeTarget(target, by, at);

    public Task<bool> Mitigate(string incident, string by, DateTimeOffset at) => Inner.Mitigate(incident, by, at);

    public Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason, DateTimeOffset at) =>
        Inner.Silence(matcher, duration, by, reason, at);

    public Task<bool> Unsilence(string silenceId, string by, DateTimeOffset at) => Inner.Unsilence(silenceId, by, at);

    public Task<ModelSnapshot?> Snapshot(string model) => Inner.Snapshot(model);

    public Task<RolloutReport?> Rollout(string model) => Inner.Rollout(model);

    public Task<IReadOnlyList<Fleet.Monitoring.Incidents.IncidentView>> Incidents() => Inner.Incidents();

    private void Keep(string model) => Changes.AddRange(Inner.Monitors[model].LastAlerts);
}
