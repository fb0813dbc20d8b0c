using Fleet.Catalogue;
using System.Buffers;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Drift;
using Fleet.Monitoring.Ingestion;
using Fleet.Monitoring.Levels;
using Fleet.Monitoring.Owner;
using Fleet.Monitoring.Windows;
using Fleet.Registry;
using Fleet.Snapshots;
using Fleet.Users;

namespace Fleet.Monitoring;

/// <summary>
/// One model's monitoring, as plain C#: applies batches to the windows, joins outcomes, judges the
/// thresholds and moves the level. The grain holds it, persists its parts and publishes; the
/// benchmark's plain loop drives the very same class without Orleans.
/// </summary>
public sealed class ModelMonitor
{
    public ModelMonitor(ModelDefinition definition, LevelState level, WindowCheckpoint windows)
    {
        Definition = definition;
        Level = level;
        State = windows;
        _alerts = new AlertEvaluator(ModelRuleSet.For(definition), level.Alerts);
        State.Owner.Follow(definition, definition, newVersion: false, State.Windows.WatermarkTicks);
        // A monitor read back from storage shows what it breaches at once, without moving its level.
        if (State.Windows.Watermark is not null)
            Breaches = ThresholdEvaluator.Evaluate(Definition, CurrentReadings(), margin: 0);
    }

    private AlertEvaluator _alerts;

    public ModelDefinition Definition { get; private set; }
    public LevelState Level { get; }
    public WindowCheckpoint State { get; }
    public IReadOnlyList<Breach> Breaches { get; private set; } = [];

    /// <summary>What applying a batch did: its result, and whether the level or an alert moved (to be written through).</summary>
    public readonly record struct Applied(IngestResult Result, LevelTransition? Transition, IReadOnlyList<AlertTransition> Alerts)
    {
        public bool LevelStateChanged => Transition is not null || Alerts.Count > 0;
    }

    /// <summary>A batch <see cref="Check"/> accepted, with its predictions' id keys (pooled: <see cref="Apply(CheckedBatch)"/> returns them).</summary>
    public readonly record struct CheckedBatch(EventBatch Batch, ulong[] Keys);

    /// <summary>
    /// Whether something that decides a future transition changed without a transition (a recovery hold started, a
    /// breach joined the held ones or went unjudged, a firing alert's keep-firing clock moved): to be saved with the
    /// next checkpoint, so a model deactivated meanwhile moves at the same event time. Cleared by <see cref="MarkSaved"/>.
    /// </summary>
    public bool DecisionsUnsaved => Level.Unsaved || Level.Alerts.Unsaved;

    /// <summary>The level state was written: nothing that decides a transition is unsaved any more.</summary>
    public void MarkSaved()
    {
        Level.Unsaved = false;
        Level.Alerts.Unsaved = false;
    }

    /// <summary>Alert changes of the last evaluation; the grain forwards them to the fleet's alert book.</summary>
    public IReadOnlyList<AlertTransition> LastAlerts { get; private set; } = [];

    /// <summary>
    /// Takes new metadata or thresholds. A new version starts its quality afresh: outcomes of the old
    /// version's predictions say nothing about the new one (volume and latency keep their history).
    /// </summary>
    /// <returns>The transition the new thresholds caused, if any: the caller writes it through.</returns>
    public LevelTransition? Redefine(ModelDefinition definition)
    {
        if (definition.Version != Definition.Version)
        {
            Level.VersionSince = State.Windows.Watermark;
            Level.Unsaved = true;
            State.Windows.ResetQuality();
            State.Pending = new PendingPredictions(State.Pending.Capacity);
            State.Drift.Rebase();
            State.Detectors.Reset();
            State.Segments = new SegmentQuality();
        }
        State.Owner.Follow(Definition, definition, definition.Version != Definition.Version, State.Windows.WatermarkTicks);
        // The alerts' life cycles carry over; an own rule no longer declared is retired at the next evaluation.
        if (!ModelRuleSet.SameRules(Definition, definition)) _alerts = new AlertEvaluator(ModelRuleSet.For(definition), Level.Alerts);
        Definition = definition;
        DegradationPolicy.ResetRecovery(Level);
        return Evaluate();
    }

    /// <summary>
    /// Why <see cref="Apply(EventBatch)"/> would not apply the batch (invalid, or a duplicate, which it counts), or null
    /// when it would, with <paramref name="accepted"/> to apply it by: a caller that logs accepted batches asks first, so
    /// the log holds only what is then applied.
    /// </summary>
    public IngestResult? Check(EventBatch batch, out CheckedBatch accepted)
    {
        var keys = ArrayPool<ulong>.Shared.Rent(batch.Predictions?.Count ?? 0);
        var refused = Reject(batch, keys);
        if (refused is not null)
        {
            ArrayPool<ulong>.Shared.Return(keys);
            accepted = default;
            return refused;
        }
        accepted = new CheckedBatch(batch, keys);
        return null;
    }

    /// <summary>
    /// Applies a batch <see cref="Check"/> accepted without judging it again: the caller applies nothing else between
    /// the two (a grain's turns do not interleave with its ingest), so the answer would be the same.
    /// </summary>
    public Applied Apply(CheckedBatch accepted)
    {
        try
        {
            return ApplyAccepted(accepted.Batch, accepted.Keys);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(accepted.Keys);
        }
    }

    public Applied Apply(EventBatch batch) =>
        Check(batch, out var accepted) is { } rejected ? new(rejected, null, []) : Apply(accepted);

    /// <param name="keys">The predictions' id keys: each id is hashed once, by the validator.</param>
    private Applied ApplyAccepted(EventBatch batch, ulong[] keys)
    {
        var windows = State.Windows;
        for (var i = 0; i < batch.Predictions.Count; i++)
        {
            var p = batch.Predictions[i];
            var ticks = p.Timestamp.UtcTicks;
            // Holdout requests and a candidate version's predictions are the owner's and the rollout comparison's, not the model's windows'.
            if (OwnerState.ArmOf(Definition, p) is { } arm)
            {
                windows.Advance(ticks);
                State.Owner.PredictedElsewhere(arm, p, keys[i], ticks);
                continue;
            }
            var degraded = p.ServedLevel >= (int)DegradationLevel.RulesFallback;
            windows.RecordPrediction(ticks, new PredictionSample(p.LatencyMs, p.Score is not null, p.Fallback, degraded, p.Error, p.Timeout,
                p.Score, Definition.DecisionThreshold));
            // An unscored prediction reserves its id too (NaN: its outcome matches but judges no quality), so a
            // later prediction cannot take the id and have the first one's outcome judged against its score.
            // Judged not waiting by Reject, and distinct within the batch by the validator.
            State.Pending.AddChecked(keys[i], ticks, p.Score ?? double.NaN, State.Segments.IndexOf(p.Segment));
            State.Drift.Record(p);
            State.Detectors.RecordRequest(p.Error || p.Timeout, p.LatencyMs, ticks);
            State.Owner.Predicted(p, ticks);
            if (p.UserKey is { } user) CountUser(ticks, user, p.Error || p.Timeout || p.Fallback || degraded);
        }

        var unmatched = 0;
        var horizon = WindowSpans.Horizon.Ticks;
        var labelHorizon = PendingPredictions.LabelHorizon.Ticks;
        foreach (var o in batch.Outcomes)
        {
            windows.Advance(o.Timestamp.UtcTicks);
            var key = IdKey.Of(o.PredictionId);
            if (!State.Pending.TryTake(key, out var predictedAt, out var score, out var segment))
            {
                if (!State.Owner.TryAnswerElsewhere(Definition, key, o, windows.WatermarkTicks - horizon)) unmatched++;
            }
            else if (predictedAt < windows.WatermarkTicks - labelHorizon)
            {
                // Later than the label horizon: as if the prediction had been expired before its outcome came.
                unmatched++;
                State.Unlabelled++;
            }
            else
            {
                if (!double.IsNaN(score))
                {
                    windows.RecordOutcome(predictedAt, score, o.Label, Definition.DecisionThreshold);
                    State.Segments.Record(segment, predictedAt, score, o.Label, Definition.DecisionThreshold);
                    State.Detectors.RecordOutcome(Definition, score, o.Label, o.Timestamp.UtcTicks);
                }
                State.Owner.Answered(Definition, predictedAt, score, State.Segments.NameOf(segment), o);
            }
        }

        ExpireUnlabelled();
        State.Ledger.Record(batch.BatchId);
        State.Batches++;
        State.Predictions += batch.Predictions.Count;
        State.Outcomes += batch.Outcomes.Count;
        State.UnmatchedOutcomes += unmatched;
        var transition = Evaluate();
        return new(Result(batch, duplicate: false, unmatched) with { Transition = transition, Alerts = LastAlerts }, transition, LastAlerts);
    }

    /// <summary>Moves the clock without events: windows roll, silence and recovery are judged.</summary>
    public LevelTransition? AdvanceTo(DateTimeOffset now)
    {
        State.Windows.Advance(now.UtcTicks);
        ExpireUnlabelled();
        return Evaluate();
    }

    /// <summary>Pins the level for an operator, or releases it (null); at the model's clock, or <paramref name="at"/> if later.</summary>
    public LevelTransition? Force(DegradationLevel? level, string by, string reason, DateTimeOffset at)
    {
        var now = State.Windows.Watermark is { } watermark && watermark > at ? watermark : at;
        var what = level is { } l ? $"forced to {(int)l} ({l.Describe()})" : "released to the policy";
        var transition = DegradationPolicy.Force(Definition, Read(t_signals ??= new ModelReadings(), State.Windows.WatermarkTicks),
            Level, level, now, $"{what} by {by}: {reason}");
        Evaluate();
        return transition;
    }

    public ModelSnapshot Snapshot(int historyLimit = 50)
    {
        var metrics = State.Windows.AllMetrics(Definition.QualityMetric);
        var history = Level.History;
        var now = State.Windows.WatermarkTicks;
        var readings = CurrentReadings();
        var shown = new List<ThresholdReading>();
        ThresholdEvaluator.Evaluate(Definition, readings, margin: 0, shown: shown);
        var drift = DriftSnapshots.From(State.Drift, now == long.MinValue ? null : State.Drift.Report(now),
            now == long.MinValue ? null : State.Drift.TopCategoryShare(ItemCategory, now), now == long.MinValue ? [] : State.Detectors.Recent(now));
        return new ModelSnapshot(
            Definition,
            Level.Level,
            State.Windows.Watermark,
            metrics,
            BaselineComparer.Compare(Definition, metrics),
            Breaches,
            history.Count > 0 ? history[^1] : null,
            history.Skip(Math.Max(0, history.Count - historyLimit)).ToList(),
            GovernanceGaps.Of(Definition, State.Windows.Watermark),
            new IngestionCounters(State.Batches, State.DuplicateBatches, State.Predictions, State.Outcomes,
                State.UnmatchedOutcomes, State.Pending.Count, State.Unlabelled),
            drift,
            _alerts.Status(Definition.Id).Where(a => a.State is AlertState.Pending or AlertState.Firing)
                .Select(a => $"{a.Rule} ({a.State.ToString().ToLowerInvariant()})").ToList(),
            now == long.MinValue ? [] : State.Segments.Over24h(now, Definition.QualityMetric)
                .Select(s => new SegmentLine(s.Segment, s.Quality, s.Samples)).ToList(),
            readings.Slot(Readings.FairnessGap.Key).Value,
            shown,
            State.Windows.Watermark is { } at ? HeldStatus.Lines(Definition, readings, Level, at) : [],
            now == long.MinValue ? [] : OwnerReadings.ReadAll(State.Owner.Engagement, now, Definition.CostPerPrediction));
    }

    /// <summary>The candidate version against the registered one, with the verdict; null while no candidate is declared.</summary>
    public RolloutReport? Rollout() =>
        State.Owner.Rollout is { } comparison && Definition.Candidate is not null ? RolloutJudge.Judge(Definition, comparison) : null;

    public ModelSummary Summary()
    {
        // After every batch on the grain path: the running counts, not the quality window's buckets.
        var quality = State.Windows.Quality(Definition.Thresholds.Quality.Window, Definition.QualityMetric);
        return new ModelSummary(Definition.Id, Definition.Name, Definition.Domain, Definition.Owner, Definition.Team,
            Level.Level, Definition.QualityMetric, quality, Breaches.Select(b => b.Threshold).ToList(),
            GovernanceGaps.Of(Definition, State.Windows.Watermark), State.Windows.Watermark);
    }

    /// <summary>
    /// The figures the registry line carries for outside monitoring: the last five minutes and the drift share. The
    /// grain asks only when it publishes (a latency quantile merges the window's sketches); the drift report is the
    /// one the last evaluation computed at this clock.
    /// </summary>
    public ModelFigures Figures()
    {
        var w = State.Windows.Metrics(WindowSpan.FiveMinutes, Definition.QualityMetric);
        var now = State.Windows.WatermarkTicks;
        var drift = now == long.MinValue ? null : State.Drift.Report(now);
        return new ModelFigures(w.Volume, w.LatencyP50, w.LatencyP95, w.LatencyP99, w.ErrorRate, w.TimeoutRate, w.FallbackRate,
            drift is { JudgedFeatures: > 0 } ? drift.DriftedShare : null, Definition.Thresholds.Required(ThresholdCatalogue.LatencyP95).Value);
    }

    /// <summary>
    /// Counts a request carrying a user id, and its user among those served badly when it was (an error, a timeout, or a
    /// fallback answer: the model's own or the ladder's).
    /// </summary>
    private void CountUser(long ticks, ulong user, bool badlyServed)
    {
        State.PredictionsWithUser++;
        if (badlyServed) (State.AffectedUsers ??= new()).Record(ticks, user, State.Windows.WatermarkTicks);
    }

    /// <summary>What the model knows of the users it served badly (the postmortem's users affected).</summary>
    public AffectedUsersView AffectedUsers()
    {
        var now = State.Windows.WatermarkTicks;
        return now == long.MinValue ? new(State.PredictionsWithUser, [], null)
            : new(State.PredictionsWithUser, State.AffectedUsers?.Read(now) ?? [], Monitoring.Users.AffectedUsers.KeptSince(now));
    }

    /// <summary>Predictions whose outcome has not come within the label horizon stop waiting and count as unlabelled.</summary>
    private void ExpireUnlabelled()
    {
        if (State.Windows.WatermarkTicks is var now && now == long.MinValue) return;
        State.Unlabelled += State.Pending.ExpireBefore(now - PendingPredictions.LabelHorizon.Ticks);
    }

    public long EstimatedBytes() => 256 + State.EstimatedBytes() + Level.History.Count * 96L;

    private IngestResult? Reject(EventBatch batch, ulong[] keys)
    {
        if (State.Ledger.Contains(batch.BatchId))
        {
            State.DuplicateBatches++;
            return Result(batch, duplicate: true, unmatched: 0);
        }
        var error = EventBatchValidator.Validate(batch, State.Windows.WatermarkTicks, keys);
        if (error is null)
        {
            for (var i = 0; i < batch.Predictions.Count; i++)
            {
                if (OwnerState.VersionProblem(Definition, batch.Predictions[i]) is { } versionProblem)
                {
                    error = new($"predictions[{i}].version", versionProblem);
                    break;
                }
                if (State.Pending.Contains(keys[i]) || State.Owner.Pending.Contains(keys[i]))
                {
                    error = new($"predictions[{i}].predictionId",
                        $"'{batch.Predictions[i].PredictionId}' was already received and still awaits its outcome");
                    break;
                }
            }
        }
        return error is null ? null : Result(batch, duplicate: false, unmatched: 0) with { Error = error };
    }

    /// <summary>The feature whose top category measures diversity (what a recommender shows).</summary>
    public const string ItemCategory = "item_category";

    /// <summary>
    /// The model's readings at its clock, as the last evaluation judged them (nothing has moved since): what the level,
    /// the alert rules, the snapshot and the page read. A new instance: for a snapshot or a test, not the hot path.
    /// </summary>
    public ModelReadings CurrentReadings() => Read(new ModelReadings(), State.Windows.WatermarkTicks);

    /// <summary>
    /// Fills <paramref name="into"/> with the readings at <paramref name="now"/>: the one place an evaluation computes
    /// them, so every reader sees the same values.
    /// </summary>
    private ModelReadings Read(ModelReadings into, long now)
    {
        // The running counts; only the window the latency threshold is read over merges its sketches (for its P95): its
        // own, or at low traffic the first longer one holding its minimum of requests.
        var windows = State.Windows.EvaluationMetrics(Definition.QualityMetric, LatencyWindow());
        if (now == long.MinValue) return ModelSignals.Fill(into, Definition, windows, Level.Level, null, []);
        var drift = State.Drift.Report(now);
        ModelSignals.Fill(into, Definition, windows, Level.Level, drift, State.Detectors.Recent(now), Inputs(drift, now));
        OwnerReadings.Fill(into, State.Owner.Engagement, now, Definition.CostPerPrediction);
        return into;
    }

    private InputSignals Inputs(ModelDriftReport? drift, long now)
    {
        var fairness = State.Segments.Gap(now, Definition.QualityMetric, InputSignals.FairnessMinSamples(Definition));
        return new InputSignals(drift is { JudgedFeatures: > 0 } ? drift.DriftedShare : null, drift?.Rows ?? 0,
            State.Drift.TopCategoryShare(ItemCategory, now), drift?.Rows ?? 0, fairness.Gap, fairness.Samples, State.Unlabelled);
    }

    // The readings of the evaluation running on this thread: read only within it (alert rules keep values and
    // words, never the readings), so one per thread serves every monitor.
    [ThreadStatic] private static ModelReadings? t_signals;

    private LevelTransition? Evaluate()
    {
        LastAlerts = [];
        if (State.Windows.Watermark is not { } now) return null;
        var readings = Read(t_signals ??= new ModelReadings(), now.UtcTicks);
        var decision = DegradationPolicy.Evaluate(Definition, readings, Level, now);
        Breaches = decision.Breaches;
        // The alert rules see the level the decision left.
        readings[Readings.Level.Key] = (int)Level.Level;
        LastAlerts = _alerts.Evaluate(Definition.Id, Definition.Domain, readings, now);
        return decision.Transition;
    }

    private WindowSpan LatencyWindow()
    {
        var limit = Definition.Thresholds.Required(ThresholdCatalogue.LatencyP95);
        foreach (var span in limit.Window.TrafficLadder())
        {
            if (State.Windows.Volume(span) >= limit.MinSamples) return span;
        }
        return limit.Window;
    }

    private IngestResult Result(EventBatch batch, bool duplicate, int unmatched) =>
        new(batch.BatchId, duplicate, batch.Predictions.Count, batch.Outcomes.Count, unmatched, (int)Level.Level, null);
}
