using Fleet.Events;
using Fleet.Models;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// What a model keeps for its product owner, checkpointed with its windows: engagement and value windows of its traffic
/// and its holdout, the holdout and candidate predictions awaiting outcomes, and the rollout comparison while a
/// candidate version runs. The registered version's predictions go through the model's own windows as well; holdout and
/// candidate predictions only through these.
/// </summary>
[GenerateSerializer]
public sealed class OwnerState
{
    [Id(0)] public EngagementWindows Engagement { get; set; } = new();
    [Id(1)] public ArmPending Pending { get; set; } = new();
    [Id(2)] public RolloutComparison? Rollout { get; set; }

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
    /// Follows the definition: a newly declared (or another) candidate starts a comparison at <paramref name="nowTicks"/>;
    /// a withdrawn or promoted one (<paramref name="newVersion"/>) ends it; a new stage of the same candidate keeps its evidence.
    /// </summary>
    public void Follow(ModelDefinition model, bool newVersion, long nowTicks)
    {
        var candidate = model.Candidate;
        if (candidate is not null && Rollout?.Candidate == candidate.Version && !newVersion)
        {
            Rollout.Stage = candidate.Stage;
            return;
        }
        if (Rollout is null && candidate is null) return;
        Pending.ForgetCandidate();
        Rollout = candidate is null ? null : new RolloutComparison { Candidate = candidate.Version, Stage = candidate.Stage, SinceTicks = nowTicks };
    }

    public long EstimatedBytes() => 8_000 + Pending.EstimatedBytes() + (Rollout is null ? 0 : 2 * 17 * 96);
}
