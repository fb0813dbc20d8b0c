using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Registry;
using Fleet.Snapshots;
using Microsoft.Extensions.Options;

namespace Fleet;

/// <summary>
/// One production model. Thin: it holds a <see cref="ModelMonitor"/>, writes the definition and the
/// level history through before answering, checkpoints the windows on an interval and on
/// deactivation, and keeps the fleet registry's line for this model current.
/// </summary>
public sealed class ModelGrain(
    [PersistentState("definition", StorageNames.Fleet)] IPersistentState<ModelDefinitionRecord> definition,
    [PersistentState("level", StorageNames.Fleet)] IPersistentState<LevelState> level,
    [PersistentState("windows", StorageNames.Fleet)] IPersistentState<WindowCheckpoint> windows,
    [PersistentState("actions", StorageNames.Fleet)] IPersistentState<ActionLog> actions,
    IOptions<ModelGrainOptions> options) : Grain, IModelGrain
{
    private readonly ModelGrainOptions _options = options.Value;
    private ModelMonitor? _monitor;
    private bool _windowsDirty;
    private ModelSummary? _published;
    private bool _summaryStale;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (definition.State.Definition is { } registered) _monitor = new ModelMonitor(registered, level.State, windows.State);
        this.RegisterGrainTimer(FlushAsync, _options.CheckpointInterval, _options.CheckpointInterval);
        this.RegisterGrainTimer(PublishIfStaleAsync, _options.SummaryInterval, _options.SummaryInterval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        try
        {
            await PublishIfStaleAsync(cancellationToken);
        }
        catch (Exception) when (reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            // The registry may already be gone while the silo shuts down; its line is only a quality
            // figure behind (level changes were sent at once) and is refreshed on the next activation.
        }
    }

    public async Task<ModelSnapshot> Register(ModelDefinition model)
    {
        definition.State.Definition = model;
        await definition.WriteStateAsync();
        if (_monitor is null) _monitor = new ModelMonitor(model, level.State, windows.State);
        // New thresholds may move the level and the alerts: both are written and sent on, as after a batch.
        else await AfterChangeAsync(_monitor.Redefine(model));
        await PublishAsync();
        return _monitor.Snapshot();
    }

    public async Task<IngestResult> Ingest(EventBatch batch)
    {
        if (_monitor is null) return new IngestResult(batch.BatchId, false, 0, 0, 0, 0, null, UnknownModel: true);
        var applied = _monitor.Apply(batch);
        if (!applied.Result.Accepted || applied.Result.Duplicate) return applied.Result;
        _windowsDirty = true;
        await AfterChangeAsync(applied.Transition);
        return applied.Result;
    }

    public async Task<LevelTransition?> AdvanceTo(DateTimeOffset now)
    {
        if (_monitor is null) return null;
        var transition = _monitor.AdvanceTo(now);
        _windowsDirty = true;
        await AfterChangeAsync(transition);
        return transition;
    }

    public async Task<LevelTransition?> Force(DegradationLevel? forced, string by, string reason, DateTimeOffset at)
    {
        if (_monitor is null) return null;
        var transition = _monitor.Force(forced, by, reason, at);
        await level.WriteStateAsync();
        await AfterChangeAsync(transition);
        return transition;
    }

    public Task<ModelSnapshot?> GetSnapshot() => Task.FromResult(_monitor?.Snapshot());

    public Task<ModelSeries?> GetSeries(WindowSpan window) => Task.FromResult(_monitor is null ? null
        : new ModelSeries(window, _monitor.State.Windows.BucketWidth(window), _monitor.State.Windows.Series(window, _monitor.Definition.QualityMetric)));

    public async Task<ActionRecord?> Act(string action, string by, string reason, DegradationLevel? forced, DateTimeOffset at)
    {
        if (_monitor is null) return null;
        var now = _monitor.State.Windows.Watermark is { } watermark && watermark > at ? watermark : at;
        string effect;
        if (action is "force-level" or "kill-switch" or "release")
        {
            var target = action switch { "kill-switch" => DegradationLevel.GenericFallback, "release" => (DegradationLevel?)null, _ => forced };
            var transition = await Force(target, by, $"{action}: {reason}", now);
            effect = transition is null ? $"level stays {(int)_monitor.Level.Level}" : $"level {(int)transition.From} -> {(int)transition.To}";
        }
        else if (action == "acknowledge")
        {
            var incidents = await GrainFactory.GetGrain<IFleetAlertsGrain>(0).AcknowledgeModel(_monitor.Definition.Id, by);
            effect = incidents == 0 ? "no open incident to acknowledge" : $"acknowledged {incidents} incident(s): escalation stops";
        }
        else
        {
            effect = "recorded: the model's own pipeline carries it out";
        }
        var record = new ActionRecord(now, action, by, reason, effect);
        await Audit(record);
        return record;
    }

    public async Task Audit(ActionRecord record)
    {
        actions.State.Add(record);
        await actions.WriteStateAsync();
    }

    public Task<IReadOnlyList<ActionRecord>> GetActions() => Task.FromResult<IReadOnlyList<ActionRecord>>(actions.State.Records.ToList());

    public Task Checkpoint()
    {
        _windowsDirty = true;
        return FlushAsync(CancellationToken.None);
    }

    /// <summary>
    /// A level change or an alert change is written through before the caller hears of it; alert
    /// changes then go to the fleet's alert book, and the registry's line is kept current.
    /// </summary>
    private async Task AfterChangeAsync(LevelTransition? transition)
    {
        var alerts = _monitor!.LastAlerts;
        if (transition is not null || alerts.Count > 0) await level.WriteStateAsync();
        if (alerts.Count > 0)
            await GrainFactory.GetGrain<IFleetAlertsGrain>(0).Apply(alerts, Fleet.Monitoring.Incidents.ModelInfo.Of(_monitor.Definition));
        var summary = _monitor!.Summary();
        if (_published is null || !_published.SameShapeAs(summary)) await PublishAsync(summary);
        else _summaryStale = true;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_windowsDirty) return;
        _windowsDirty = false;
        await windows.WriteStateAsync(cancellationToken);
    }

    private Task PublishIfStaleAsync(CancellationToken cancellationToken) =>
        _summaryStale && _monitor is not null ? PublishAsync() : Task.CompletedTask;

    private Task PublishAsync() => PublishAsync(_monitor!.Summary());

    private async Task PublishAsync(ModelSummary summary)
    {
        _summaryStale = false;
        _published = summary;
        await GrainFactory.GetGrain<IFleetRegistryGrain>(0).Upsert(summary with { Figures = _monitor!.Figures() });
    }

}

/// <summary>The audit trail of operators' actions on one model, newest kept when it is full.</summary>
[GenerateSerializer]
public sealed class ActionLog
{
    public const int MaxRecords = 1000;

    [Id(0)] public List<ActionRecord> Records { get; set; } = [];

    public void Add(ActionRecord record)
    {
        Records.Add(record);
        if (Records.Count > MaxRecords) Records.RemoveAt(0);
    }
}

/// <summary>The persisted definition; null until the model is registered.</summary>
[GenerateSerializer]
public sealed class ModelDefinitionRecord
{
    [Id(0)] public ModelDefinition? Definition { get; set; }
}
