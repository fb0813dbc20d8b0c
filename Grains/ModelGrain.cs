using Fleet.Actions;
using Fleet.Durability;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Incidents;
using Fleet.Monitoring.Levels;
using Fleet.Registry;
using Fleet.Snapshots;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Fleet;

/// <summary>
/// One production model. Thin: it holds a <see cref="ModelMonitor"/>, writes the definition and the
/// level history through before answering, appends each accepted batch to the batch log before
/// answering, checkpoints the windows on an interval and on deactivation (truncating the log they
/// now hold), and keeps the fleet registry's line for this model current.
/// </summary>
/// <remarks>
/// The interval's checkpoint is written in the background: it copies the windows in one turn and lets batches and reads
/// interleave while the copy is written. A busy model's checkpoint is megabytes (predictions waiting for outcomes) and
/// yields to every write an answer waits for: under figure 4's load it waited 0.5-1 s on average, and the model's
/// batches with it, before it was moved out of their way.
/// </remarks>
public sealed class ModelGrain(
    [PersistentState("definition", StorageNames.Fleet)] IPersistentState<ModelDefinitionRecord> definition,
    [PersistentState("level", StorageNames.Fleet)] IPersistentState<LevelState> level,
    [PersistentState("windows", StorageNames.Fleet)] IPersistentState<WindowCheckpoint> windows,
    [PersistentState("actions", StorageNames.Fleet)] IPersistentState<ActionLog> actions,
    IOptions<ModelGrainOptions> options,
    DeepCopier<WindowCheckpoint> copier,
    // Null on a silo without durable storage (in memory), which registers none: nothing there survives a crash anyway.
    IBatchLog? log = null) : Grain, IModelGrain
{
    private readonly ModelGrainOptions _options = options.Value;
    private ModelMonitor? _monitor;
    private bool _windowsDirty;
    private ModelSummary? _published;
    private bool _summaryStale;
    private readonly IBatchLog? _log = log;
    // The log position of the last batch applied: every batch up to it is in the monitor's state.
    private long _logPosition;
    private long _truncatedThrough;
    // The windows the monitor works on. The persistent state holds them too, except while a copy of them is written.
    private WindowCheckpoint _live = null!;
    // One windows write at a time: the background checkpoint interleaves with calls that checkpoint too.
    private readonly SemaphoreSlim _checkpointing = new(1, 1);
    private CheckpointPacing _pacing;

    /// <summary>Whether acknowledged batches are in the log until a checkpoint holds them (else the checkpoint is their only copy).</summary>
    private bool LogKeepsBatches => _log is not null && _options.DurableAck;

    private string ModelId => this.GetPrimaryKeyString();

    /// <summary>The world this model lives in, read from its key: its registry and alert book are that world's.</summary>
    private string World => Fleet.World.ParseModelKey(this.GetPrimaryKeyString()).World;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = windows.State;
        _logPosition = _live.LogPosition;
        _pacing = new CheckpointPacing(_options.CheckpointLongestGap);
        if (definition.State.Definition is { } registered)
        {
            _monitor = new ModelMonitor(registered, level.State, _live);
            await ReplayAsync();
        }
        var checkpointDue = FirstDue(_options.CheckpointInterval);
        this.RegisterGrainTimer(SaveDecisionsAsync, checkpointDue, _options.CheckpointInterval);
        this.RegisterGrainTimer(ct => CheckpointWindowsAsync(ct, inBackground: true),
            new GrainTimerCreationOptions(checkpointDue, _options.CheckpointInterval) { Interleave = true });
        this.RegisterGrainTimer(PublishIfStaleAsync, FirstDue(_options.SummaryInterval), _options.SummaryInterval);
    }

    /// <summary>
    /// When a timer first fires: between half its period and its period, at a point fixed by the model's id. Models
    /// activated together (a fleet's first batches, a silo's restart) would otherwise checkpoint and publish in the same
    /// instant every period, a burst of a thousand state writes that delays every answer waiting behind it.
    /// </summary>
    private TimeSpan FirstDue(TimeSpan period) =>
        period * (0.5 + 0.5 * (Fleet.Monitoring.Ingestion.IdKey.Of(ModelId) % 1024) / 1024.0);

    /// <summary>
    /// Applies again, in order, the batches acknowledged after the checkpoint was written (a crash lost them from
    /// memory). The checkpoint's log position skips those it holds, even when a recording kept them in the log;
    /// the batch ledger would also refuse a batch logged twice.
    /// </summary>
    private async Task ReplayAsync()
    {
        if (_log is null) return;
        foreach (var logged in await _log.ReadAsync(ModelId, _logPosition))
        {
            _logPosition = logged.Position;
            var applied = _monitor!.Apply(logged.Batch);
            if (!applied.Result.Accepted || applied.Result.Duplicate) continue;
            _windowsDirty = true;
            await AfterChangeAsync(applied.Transition);
        }
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
        if (_monitor is null) _monitor = new ModelMonitor(model, level.State, _live);
        else
        {
            var newVersion = _monitor.Definition.Version != model.Version;
            var transition = _monitor.Redefine(model);
            // A new version empties its quality, drift and segment windows: checkpointed before the call returns, as its
            // definition, so neither a restart nor a replay of the batch log brings the older version's windows back.
            if (newVersion) await CheckpointNowAsync();
            // New thresholds may move the level and the alerts: both are written and sent on, as after a batch.
            await AfterChangeAsync(transition);
        }
        await PublishAsync();
        return _monitor.Snapshot();
    }

    public async Task<IngestResult> Ingest(EventBatch batch)
    {
        if (_monitor is null) return new IngestResult(batch.BatchId, false, 0, 0, 0, 0, null, UnknownModel: true);
        ModelMonitor.Applied applied;
        if (LogKeepsBatches)
        {
            // Checked first so the log holds only batches that are then applied.
            if (_monitor.Check(batch, out var accepted) is { } refused) return refused;
            // The position moves in the turn that applies the batch: a background checkpoint copied between the two
            // would claim a batch it does not hold, and truncate it from the log.
            _logPosition = await AppendAsync(batch);
            _pacing.Logged(batch.Predictions.Count + batch.Outcomes.Count);
            applied = _monitor.Apply(accepted);
        }
        else
        {
            applied = _monitor.Apply(batch);
        }
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
        await WriteLevelAsync(CancellationToken.None);
        await AfterChangeAsync(transition);
        return transition;
    }

    public Task<ModelSnapshot?> GetSnapshot() => Task.FromResult(_monitor?.Snapshot());

    public Task<RolloutReport?> GetRollout() => Task.FromResult(_monitor?.Rollout());

    public Task<ModelReview?> GetReview(ReviewPeriod period) =>
        Task.FromResult(_monitor is null ? null : Monitoring.Owner.ModelReviewBuilder.Build(_monitor, period, actions.State.Records));

    public Task<ModelSeries?> GetSeries(WindowSpan window) => Task.FromResult(_monitor is null ? null
        : new ModelSeries(window, _monitor.State.Windows.BucketWidth(window), _monitor.State.Windows.Series(window, _monitor.Definition.QualityMetric)));

    public Task<Fleet.Users.AffectedUsersView?> GetAffectedUsers() => Task.FromResult(_monitor?.AffectedUsers());

    public async Task<ActionRecord?> Act(string name, ActionArguments arguments, DateTimeOffset at)
    {
        if (_monitor is null) return null;
        var (action, error) = OperatorActions.Validate(name, ActionTarget.Model, arguments);
        if (action is null) throw new ArgumentException(error!.ToString(), nameof(arguments));
        var now = _monitor.State.Windows.Watermark is { } watermark && watermark > at ? watermark : at;
        string effect;
        if (action.MovesLevel)
        {
            var transition = await Force(action.ForcedLevel(arguments.Level), arguments.By!, $"{action.Name}: {arguments.Reason}", now);
            effect = transition is null ? $"level stays {(int)_monitor.Level.Level}" : $"level {(int)transition.From} -> {(int)transition.To}";
        }
        else if (action.Kind == ActionKind.Acknowledge)
        {
            var incidents = await GrainFactory.AlertBook(World).AcknowledgeModel(_monitor.Definition.Id, arguments.By!);
            effect = incidents == 0 ? "no open incident to acknowledge" : $"acknowledged {incidents} incident(s): escalation stops";
        }
        else if (action.Kind == ActionKind.Silence)
        {
            Durations.TryParse(arguments.Duration, out var duration);
            var silence = await GrainFactory.AlertBook(World).Silence(
                new SilenceMatcher(Rule: arguments.Rule, Model: _monitor.Definition.Id), duration, arguments.By!, arguments.Reason!);
            effect = $"{silence.Id}: {silence.Matcher} until {silence.Until:u}";
        }
        else
        {
            effect = "recorded: the model's own pipeline carries it out";
        }
        var record = new ActionRecord(now, action.Name, arguments.By!, arguments.Reason!, effect);
        await Audit(record);
        return record;
    }

    public async Task Audit(ActionRecord record)
    {
        actions.State.Add(record);
        await actions.WriteStateAsync();
    }

    public Task<IReadOnlyList<ActionRecord>> GetActions() => Task.FromResult<IReadOnlyList<ActionRecord>>(actions.State.Records.ToList());

    public async Task<bool> Delete()
    {
        if (_monitor is null) return false;
        var id = _monitor.Definition.Id;
        _monitor = null;
        _published = null;
        _summaryStale = false;
        await definition.ClearStateAsync();
        await level.ClearStateAsync();
        await actions.ClearStateAsync();
        // Only the log position survives: a later registration appends after the batches logged so far, never replays them.
        _live = new WindowCheckpoint { LogPosition = _logPosition };
        await CheckpointNowAsync();
        await GrainFactory.Registry(World).Remove(id);
        await GrainFactory.AlertBook(World).ForgetModel(id);
        DeactivateOnIdle();
        return true;
    }

    public async Task<ModelSnapshot?> Reset()
    {
        if (_monitor is null) return null;
        var model = _monitor.Definition;
        level.State = new LevelState();
        _live = new WindowCheckpoint { LogPosition = _logPosition };
        _monitor = new ModelMonitor(model, level.State, _live);
        await WriteLevelAsync(CancellationToken.None);
        await CheckpointNowAsync();
        await GrainFactory.AlertBook(World).ForgetModel(model.Id);
        await PublishAsync();
        return _monitor.Snapshot();
    }

    public async Task<long> Checkpoint()
    {
        await CheckpointNowAsync();
        return _logPosition;
    }

    private Task CheckpointNowAsync()
    {
        _windowsDirty = true;
        return FlushAsync(CancellationToken.None);
    }

    /// <summary>Appends the batch after the last one logged; returns its position.</summary>
    private async Task<long> AppendAsync(EventBatch batch)
    {
        var position = _logPosition + 1;
        try
        {
            await _log!.AppendAsync(ModelId, position, batch);
        }
        catch (Exception)
        {
            // Whether the batch reached the log is unknown: the next activation starts from what is stored (the
            // checkpoint and the log), so a resend is judged against that, not against this memory.
            DeactivateOnIdle();
            throw;
        }
        return position;
    }

    /// <summary>
    /// A level change or an alert change is written through before the caller hears of it; alert
    /// changes then go to the fleet's alert book, and the registry's line is kept current. The book and the registry
    /// are two grains with their own writes: both go at once, so the caller waits for the slower, not for their sum.
    /// </summary>
    private async Task AfterChangeAsync(LevelTransition? transition)
    {
        var alerts = _monitor!.LastAlerts;
        if (transition is not null || alerts.Count > 0) await WriteLevelAsync(CancellationToken.None);
        var booked = alerts.Count > 0
            ? GrainFactory.AlertBook(World).Apply(alerts, Fleet.Monitoring.Incidents.ModelInfo.Of(_monitor.Definition))
            : Task.CompletedTask;
        var summary = _monitor!.Summary();
        var published = Task.CompletedTask;
        if (_published is null || !_published.SameShapeAs(summary)) published = PublishAsync(summary);
        else _summaryStale = true;
        await Task.WhenAll(booked, published);
    }

    /// <summary>The checkpoint: the level state's unsaved decisions, then the windows.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SaveDecisionsAsync(cancellationToken);
        await CheckpointWindowsAsync(cancellationToken, inBackground: false);
    }

    /// <summary>
    /// Writes the level state when something that decides a future transition moved without one (a recovery hold, held
    /// breaches, alert clocks), so a model deactivated meanwhile moves at the same event time. Never interleaved: the
    /// level state is written from one turn at a time.
    /// </summary>
    private Task SaveDecisionsAsync(CancellationToken cancellationToken) =>
        _monitor is { DecisionsUnsaved: true } ? WriteLevelAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Writes a copy of the windows taken in one turn, with the log position of the last batch they hold, then truncates
    /// the log through that position. Batches applied while the copy is written stay in the log for the next one. The
    /// interval's checkpoint is a <see cref="BackgroundWrite"/>: no answer waits for it; with the log on, it is paced by
    /// what it lets the log drop (<see cref="CheckpointPacing"/>).
    /// </summary>
    private async Task CheckpointWindowsAsync(CancellationToken cancellationToken, bool inBackground)
    {
        if (!_windowsDirty) return;
        await _checkpointing.WaitAsync(cancellationToken);
        try
        {
            if (!_windowsDirty) return; // written while this one waited
            if (inBackground && LogKeepsBatches && !_pacing.Due(_live.Pending.Count)) return;
            _windowsDirty = false;
            var logged = _pacing.Taken();
            var copy = copier.Copy(_live);
            copy.LogPosition = _logPosition;
            windows.State = copy;
            try
            {
                await (inBackground ? WriteInBackgroundAsync(cancellationToken) : windows.WriteStateAsync(cancellationToken));
            }
            catch
            {
                _windowsDirty = true;
                _pacing.Failed(logged);
                throw;
            }
            finally
            {
                windows.State = _live;
            }
            await TruncateLogAsync(copy.LogPosition);
        }
        finally
        {
            _checkpointing.Release();
        }
    }

    private async Task WriteInBackgroundAsync(CancellationToken cancellationToken)
    {
        BackgroundWrite.Mark();
        await windows.WriteStateAsync(cancellationToken);
    }

    private async Task TruncateLogAsync(long through)
    {
        if (_log is null || through <= _truncatedThrough) return;
        await _log.TruncateAsync(ModelId, through);
        _truncatedThrough = through;
    }

    private async Task WriteLevelAsync(CancellationToken cancellationToken)
    {
        await level.WriteStateAsync(cancellationToken);
        _monitor?.MarkSaved();
    }

    private Task PublishIfStaleAsync(CancellationToken cancellationToken) =>
        _summaryStale && _monitor is not null ? PublishAsync() : Task.CompletedTask;

    private Task PublishAsync() => PublishAsync(_monitor!.Summary());

    private async Task PublishAsync(ModelSummary summary)
    {
        _summaryStale = false;
        _published = summary;
        await GrainFactory.Registry(World).Upsert(summary with { Figures = _monitor!.Figures() });
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
