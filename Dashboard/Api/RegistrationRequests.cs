namespace Fleet.Dashboard.Api;

/// <summary>The JSON body of PUT /api/models/{id}. Only "domain" is required; the rest has defaults.</summary>
public sealed class ModelRegistrationRequest
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public string? Owner { get; set; }
    public string? Team { get; set; }
    public string? Version { get; set; }
    public string? QualityMetric { get; set; }
    public double? Baseline { get; set; }
    public double? DecisionThreshold { get; set; }
    public List<string>? DataSources { get; set; }
    public List<string>? SensitiveData { get; set; }
    public RetrainingRequest? Retraining { get; set; }
    public string? RolloutStage { get; set; }
    public string? RolloutSegment { get; set; }
    public ThresholdsRequest? Thresholds { get; set; }
    /// <summary>What one prediction costs to serve, in the unit of the business values sent with outcomes.</summary>
    public double? CostPerPrediction { get; set; }
    /// <summary>A new version running beside this one, in shadow or at a rollout stage (1%, 5%, 10%, 25%).</summary>
    public CandidateRequest? Candidate { get; set; }
}

public sealed class CandidateRequest
{
    public string? Version { get; set; }
    public string? Stage { get; set; }
}

public sealed class RetrainingRequest
{
    public string? Every { get; set; }
    public DateTimeOffset? LastTrainedAt { get; set; }
}

/// <summary>Any subset of the thresholds; what is left out keeps the domain's default.</summary>
public sealed class ThresholdsRequest
{
    public QualityTargetsRequest? Quality { get; set; }
    public LimitRequest? LatencyP95Ms { get; set; }
    public LimitRequest? ErrorRate { get; set; }
    public LimitRequest? TimeoutRate { get; set; }
    public LimitRequest? FallbackRate { get; set; }
    public LimitRequest? Coverage { get; set; }
    public LimitRequest? MinVolume { get; set; }
    public LimitRequest? ErrorState { get; set; }
    public HysteresisRequest? Hysteresis { get; set; }
    public LimitRequest? InputDrift { get; set; }
    public LimitRequest? Diversity { get; set; }
    /// <summary>The largest quality gap between segments over 24 h (0.10 = 10 points); minSamples is per segment.</summary>
    public LimitRequest? Fairness { get; set; }
}

public sealed class QualityTargetsRequest
{
    public double? Launch { get; set; }
    public double? Target { get; set; }
    public double? Stretch { get; set; }
    public string? Window { get; set; }
    public long? MinSamples { get; set; }
}

public sealed class LimitRequest
{
    public double? Value { get; set; }
    public string? Window { get; set; }
    public long? MinSamples { get; set; }
}

public sealed class HysteresisRequest
{
    public string? RecoveryHold { get; set; }
    public double? Margin { get; set; }
}
