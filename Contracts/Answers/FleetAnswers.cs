namespace Fleet.Contracts.Answers;

// The API's answers as a client reads them: everything the server may leave out is nullable, and a client shows
// "-" for it.

/// <summary>One model's row in the fleet overview (GET /api/fleet).</summary>
public sealed record FleetModelSummary(
    string Id,
    string? Name,
    string? Domain,
    string? Owner,
    string? Team,
    int Level,
    string? LevelName,
    string? QualityMetric,
    double? Quality,
    IReadOnlyList<string>? Breaches,
    IReadOnlyList<string>? Gaps);

/// <summary>The fleet overview: models matching the filter plus how many sit on each level.</summary>
public sealed record FleetOverview(
    IReadOnlyList<FleetModelSummary>? Models,
    IReadOnlyDictionary<string, int>? CountsByLevel,
    int Total);

/// <summary>Aggregated metrics of one rolling window (5m, 1h, 24h, 30d).</summary>
public sealed record WindowMetrics(
    long? Volume,
    long? Outcomes,
    double? Quality,
    double? LatencyP50,
    double? LatencyP95,
    double? LatencyP99,
    double? ErrorRate,
    double? TimeoutRate,
    double? FallbackRate,
    double? Coverage);

/// <summary>Quality compared with what users would get without the model.</summary>
public sealed record BaselineComparison(
    string? Metric,
    double? Quality,
    double? Baseline,
    double? Ratio,
    string? Summary);

/// <summary>A threshold currently crossed, with the value that crossed it.</summary>
public sealed record ThresholdBreach(
    string? Threshold,
    string? Window,
    double? Value,
    double? Limit,
    string? Message);

/// <summary>One recorded move on the degradation ladder.</summary>
public sealed record LevelTransition(int From, int To, DateTimeOffset? At, string? Reason);

/// <summary>Everything Fleet knows about one model (GET /api/models/{id}).</summary>
public sealed record ModelDetail(
    string Id,
    string? Name,
    string? Domain,
    string? Owner,
    string? Team,
    string? Version,
    string? RolloutStage,
    string? QualityMetric,
    int Level,
    string? LevelName,
    DateTimeOffset? Watermark,
    IReadOnlyDictionary<string, WindowMetrics?>? Windows,
    BaselineComparison? Baseline,
    IReadOnlyList<ThresholdBreach>? Breaches,
    LevelTransition? LastTransition,
    IReadOnlyList<LevelTransition>? History,
    IReadOnlyList<string>? Gaps);

/// <summary>The server's answer to one ingested batch.</summary>
public sealed record IngestReceipt(string? BatchId, bool Duplicate, int Predictions, int Outcomes, int Level);
