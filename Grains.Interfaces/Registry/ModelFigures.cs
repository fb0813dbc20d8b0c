namespace Fleet.Registry;

/// <summary>
/// A model's current figures as monitoring outside Fleet reads them (the /metrics scrape): the last five minutes
/// of serving (latency quantiles in milliseconds, rates as fractions; null when the window holds nothing to compute
/// them from), the share of drifted features over the last hour (null before the drift reference is fitted) and the
/// model's own P95 latency limit (what the latency-budget alert compares against).
/// Carried on the registry line so one query serves the whole fleet, not one grain call per model.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelFigures")]
public sealed record ModelFigures(
    [property: Id(0)] long Volume,
    [property: Id(1)] double? LatencyP50Ms,
    [property: Id(2)] double? LatencyP95Ms,
    [property: Id(3)] double? LatencyP99Ms,
    [property: Id(4)] double? ErrorRate,
    [property: Id(5)] double? TimeoutRate,
    [property: Id(6)] double? FallbackRate,
    [property: Id(7)] double? DriftShare,
    [property: Id(8)] double LatencyLimitMs);
