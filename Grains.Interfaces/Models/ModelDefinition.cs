namespace Fleet.Models;

/// <summary>When a model is retrained and when it last was.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.RetrainingSchedule")]
public sealed record RetrainingSchedule(
    [property: Id(0)] TimeSpan Every,
    [property: Id(1)] DateTimeOffset? LastTrainedAt);

/// <summary>
/// What an owner registers about a production model: metadata, the quality metric and its baseline,
/// and the thresholds it is judged by. <see cref="ThresholdsSetByOwner"/> is false when the domain's
/// defaults were filled in, which the fleet flags as a governance gap. <see cref="CostPerPrediction"/> is what one
/// prediction costs to serve (in the unit business values are sent in), for the return on it. <see cref="Alerts"/> are the
/// owner's own alert rules, judged beside the fleet's (null or empty: the fleet's alone).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelDefinition")]
public sealed record ModelDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Domain,
    [property: Id(3)] string? Owner,
    [property: Id(4)] string? Team,
    [property: Id(5)] string Version,
    [property: Id(6)] QualityMetricKind QualityMetric,
    [property: Id(7)] double? Baseline,
    [property: Id(8)] double DecisionThreshold,
    [property: Id(9)] IReadOnlyList<string> DataSources,
    [property: Id(10)] IReadOnlyList<string> SensitiveData,
    [property: Id(11)] RetrainingSchedule? Retraining,
    [property: Id(12)] RolloutStage RolloutStage,
    [property: Id(13)] string? RolloutSegment,
    [property: Id(14)] Thresholds Thresholds,
    [property: Id(15)] bool ThresholdsSetByOwner,
    [property: Id(16)] double? CostPerPrediction = null,
    [property: Id(17)] CandidateVersion? Candidate = null,
    [property: Id(18)] IReadOnlyList<Fleet.Catalogue.ModelAlertRule>? Alerts = null);

/// <summary>
/// A new version running beside the registered one, in shadow (its predictions logged, not served) or at a rollout
/// stage, until it is promoted (registered as the version) or withdrawn; Fleet compares the two (rollout comparison).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.CandidateVersion")]
public sealed record CandidateVersion(
    [property: Id(0)] string Version,
    [property: Id(1)] RolloutStage Stage);
