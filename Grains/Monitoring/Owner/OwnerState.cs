using Fleet.Events;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// What a model keeps for its product owner, checkpointed with its windows: engagement and value windows of its traffic
/// and its holdout, the holdout and candidate predictions awaiting outcomes, and the rollout comparison while a
/// candidate version runs, the days of quality the reviews read and the rollouts concluded lately. The registered version's predictions go through the model's own windows as well; holdout and
/// candidate predictions only through these.
/// </summary>
[GenerateSerializer]
public sealed class OwnerState
{
    [Id(0)] public EngagementWindows Engagement { get; set; } = new();
    [Id(1)] public ArmPending Pending { get; set; } = new();
    [Id(2)] public RolloutComparison? Rollout { get; set; }
    [Id(3)] public QualityDays Quality { get; set; } = new();
    /// <summary>The last <see cref="KeptRollouts"/> rollouts that ended (promoted, withdrawn or replaced), oldest first.</summary>
    [Id(4)] public List<RolloutRecord> Concluded { get; set; } = [];

    public const int KeptRollouts = 8;

    /// <summary>Where a prediction goes: null for the registered version's own traffic.</summary>
    public static PendingArm? ArmOf(ModelDefinition model, PredictionEvent p) =>
        p.Holdout ? PendingArm.Holdout
        : p.Version is null || p.Version == model.Version ? null
        : PendingArm.Candidate;

    /// <summary>Why the model cannot take a prediction's version: neither the registered one nor the declared candidate.</summary>
    public static string? VersionProblem(ModelDefinition model, PredictionEvent p) =>
        p.Version is null || p.Version == model.Version || p.Holdout || p.Version == model.Candidate?.Version ? null
        : model.Candidate is null
            ? $"'{p.Version}' is not the registered version '{model.Version}' and no candidate version is declared"
            : $"'{p.Version}' is neither the registered version '{model.Version}' nor the candidate '{model.Candidate.Version}'";

    /// <summary>A prediction of the registered version, after the model's own windows took it.</summary>
    public void Predicted(PredictionEvent p, long ticks)
    {
        Engagement.RecordRequest(TrafficArm.Model, ticks);
        Quality.RecordRequest(ticks, p.Error || p.Timeout);
        if (Rollout is { } rollout && ticks >= rollout.SinceTicks) rollout.RecordRequest(candidate: false, p);
    }

    /// <summary>A holdout or candidate prediction: counted here only, and kept for its outcome.</summary>
    public void PredictedElsewhere(PendingArm arm, PredictionEvent p, ulong key, long ticks)
    {
        if (arm == PendingArm.Holdout) Engagement.RecordRequest(TrafficArm.Holdout, ticks);
        else Rollout?.RecordRequest(candidate: true, p);
        Pending.Add(key, new ArmPrediction(ticks, p.Score ?? double.NaN, p.Segment, arm));
    }

    /// <summary>An outcome of the registered version's prediction, made at <paramref name="predictedTicks"/>.</summary>
    public void Answered(ModelDefinition model, long predictedTicks, double score, string? segment, OutcomeEvent o)
    {
        if (o.Response is { } response) Engagement.RecordResponse(TrafficArm.Model, predictedTicks, response);
        if (!double.IsNaN(score)) Quality.RecordOutcome(predictedTicks, segment, score, o.Label, model.DecisionThreshold);
        if (Rollout is { } rollout && predictedTicks >= rollout.SinceTicks)
            rollout.RecordOutcome(candidate: false, segment, score, o.Label, o.Response, model.DecisionThreshold);
    }

    /// <summary>Joins an outcome to a holdout or candidate prediction; false when none awaits it.</summary>
    public bool TryAnswerElsewhere(ModelDefinition model, ulong key, OutcomeEvent o, long oldestTicks)
    {
        if (!Pending.TryTake(key, out var p) || p.Ticks < oldestTicks) return false;
        if (p.Arm == PendingArm.Holdout)
        {
            if (o.Response is { } response) Engagement.RecordResponse(TrafficArm.Holdout, p.Ticks, response);
        }
        else Rollout?.RecordOutcome(candidate: true, p.Segment, p.Score, o.Label, o.Response, model.DecisionThreshold);
        return true;
    }

    /// <summary>
    /// Follows the definition from <paramref name="previous"/> to <paramref name="model"/>: a newly declared (or another)
    /// candidate starts a comparison at <paramref name="nowTicks"/>; a withdrawn or promoted one (<paramref name="newVersion"/>)
    /// ends it, kept with the verdict it had then; a new stage of the same candidate keeps its evidence.
    /// </summary>
    public void Follow(ModelDefinition previous, ModelDefinition model, bool newVersion, long nowTicks)
    {
        var candidate = model.Candidate;
        if (candidate is not null && Rollout?.Candidate == candidate.Version && !newVersion)
        {
            Rollout.Stage = candidate.Stage;
            return;
        }
        if (Rollout is null && candidate is null) return;
        if (Rollout is { } ended && previous.Candidate is not null)
        {
            var outcome = newVersion && model.Version == ended.Candidate ? "promoted" : candidate is null ? "withdrawn" : "replaced";
            Concluded.Add(Record(previous, ended, outcome, nowTicks == long.MinValue ? null : new DateTimeOffset(nowTicks, TimeSpan.Zero)));
            if (Concluded.Count > KeptRollouts) Concluded.RemoveAt(0);
        }
        Pending.ForgetCandidate();
        Rollout = candidate is null ? null : new RolloutComparison { Candidate = candidate.Version, Stage = candidate.Stage, SinceTicks = nowTicks };
    }

    /// <summary>A rollout as the reviews list it: the comparison's verdict and reasons for <paramref name="model"/>'s candidate.</summary>
    public static RolloutRecord Record(ModelDefinition model, RolloutComparison comparison, string outcome, DateTimeOffset? ended)
    {
        var report = RolloutJudge.Judge(model, comparison);
        return new RolloutRecord(comparison.Candidate, comparison.Stage, report.Since, ended, outcome, report.Verdict, report.Reasons);
    }

    /// <summary>Approximate heap bytes: the object and its concluded rollouts' list (~100 B), and its parts' own estimates.</summary>
    public long EstimatedBytes() => 100 + Engagement.EstimatedBytes() + Pending.EstimatedBytes() + Quality.EstimatedBytes() + Concluded.Count * 400
        + (Rollout is null ? 0 : 2 * 17 * 96);
}
