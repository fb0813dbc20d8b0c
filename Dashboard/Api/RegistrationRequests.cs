using System.Text.Json;

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
    /// <summary>The owner's own alert rules on any declared reading, judged beside the fleet's (<see cref="AlertRulesMapper"/>).</summary>
    public List<AlertRuleRequest?>? Alerts { get; set; }
}

/// <summary>One own alert rule: "reading comparison threshold", held for <c>for</c>, kept firing for <c>keepFiringFor</c>.</summary>
public sealed class AlertRuleRequest
{
    public string? Name { get; set; }
    public string? Reading { get; set; }
    public string? Comparison { get; set; }
    public double? Threshold { get; set; }
    public string? For { get; set; }
    public string? KeepFiringFor { get; set; }
    public string? Severity { get; set; }
    public string? Description { get; set; }
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

/// <summary>
/// Any subset of the thresholds, by field: "quality" (<see cref="QualityTargetsRequest"/>), "hysteresis"
/// (<see cref="HysteresisRequest"/>) or a declared limit's field (<see cref="LimitRequest"/>, see
/// <see cref="Fleet.Catalogue.ThresholdCatalogue"/>); what is left out keeps the domain's default.
/// </summary>
public sealed class ThresholdsRequest : Dictionary<string, JsonElement>;

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
