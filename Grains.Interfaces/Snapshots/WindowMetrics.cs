namespace Fleet.Snapshots;

/// <summary>
/// The key metrics of one rolling window. Rates are fractions; a metric is null when the window
/// holds nothing to compute it from (no predictions, no joined outcomes, no latencies).
/// <see cref="FallbackRate"/> is the model's own fallback activations: the share of requests the
/// ladder gave the model (served level 1-2) that a fallback answered. <see cref="DegradedShare"/> is
/// the share the ladder itself sent to a fallback (served level 3-5); keeping them apart stops the
/// ladder's own decision from reading as the model failing. <see cref="EstimatedQuality"/> is what the
/// calibrated scores of the window's predictions expect, labelled or not (confidence-based, as NannyML's
/// CBPE): the figure to read while labels are delayed; null for MAE.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.WindowMetrics")]
public sealed record WindowMetrics(
    [property: Id(0)] long Volume,
    [property: Id(1)] long Outcomes,
    [property: Id(2)] double? Quality,
    [property: Id(3)] long QualitySamples,
    [property: Id(4)] double? LatencyP50,
    [property: Id(5)] double? LatencyP95,
    [property: Id(6)] double? LatencyP99,
    [property: Id(7)] double? ErrorRate,
    [property: Id(8)] double? TimeoutRate,
    [property: Id(9)] double? FallbackRate,
    [property: Id(10)] double? Coverage,
    [property: Id(11)] double? DegradedShare = null,
    [property: Id(12)] double? EstimatedQuality = null);

/// <summary>One bucket of a window's time series: its start and its metrics.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.SeriesPoint")]
public sealed record SeriesPoint(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] WindowMetrics Metrics);

/// <summary>A window as a chart sees it: bucket width and the points, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelSeries")]
public sealed record ModelSeries(
    [property: Id(0)] Fleet.Models.WindowSpan Window,
    [property: Id(1)] TimeSpan BucketWidth,
    [property: Id(2)] IReadOnlyList<SeriesPoint> Points);
