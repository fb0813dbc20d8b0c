using Fleet.Models;

namespace Fleet.Snapshots;

/// <summary>A threshold the model currently breaches, with the value and limit that decided it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Breach")]
public sealed record Breach(
    [property: Id(0)] string Threshold,
    [property: Id(1)] WindowSpan Window,
    [property: Id(2)] double Value,
    [property: Id(3)] double Limit,
    [property: Id(4)] DegradationLevel Severity,
    [property: Id(5)] string Message);

/// <summary>One move on the degradation ladder, at an event time, with its reason.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.LevelTransition")]
public sealed record LevelTransition(
    [property: Id(0)] DegradationLevel From,
    [property: Id(1)] DegradationLevel To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason);

/// <summary>Quality against what users get without the model, e.g. "78% vs 12% baseline = 6.5x".</summary>
[GenerateSerializer, Immutable, Alias("Fleet.BaselineComparison")]
public sealed record BaselineComparison(
    [property: Id(0)] QualityMetricKind Metric,
    [property: Id(1)] WindowSpan Window,
    [property: Id(2)] double Quality,
    [property: Id(3)] double? Baseline,
    [property: Id(4)] double? Ratio,
    [property: Id(5)] string Maturity,
    [property: Id(6)] string Summary);

/// <summary>Counts that explain what the windows did not take in.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.IngestionCounters")]
public sealed record IngestionCounters(
    [property: Id(0)] long Batches,
    [property: Id(1)] long DuplicateBatches,
    [property: Id(2)] long Predictions,
    [property: Id(3)] long Outcomes,
    [property: Id(4)] long UnmatchedOutcomes,
    [property: Id(5)] long PendingOutcomes);

/// <summary>The model as the outside world sees it: level, windows, baseline, breaches, history.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelSnapshot")]
public sealed record ModelSnapshot(
    [property: Id(0)] ModelDefinition Definition,
    [property: Id(1)] DegradationLevel Level,
    [property: Id(2)] DateTimeOffset? Watermark,
    [property: Id(3)] IReadOnlyDictionary<WindowSpan, WindowMetrics> Windows,
    [property: Id(4)] BaselineComparison? Baseline,
    [property: Id(5)] IReadOnlyList<Breach> Breaches,
    [property: Id(6)] LevelTransition? LastTransition,
    [property: Id(7)] IReadOnlyList<LevelTransition> History,
    [property: Id(8)] IReadOnlyList<string> Gaps,
    [property: Id(9)] IngestionCounters Counters,
    [property: Id(10)] DriftSnapshot? Drift = null,
    [property: Id(11)] IReadOnlyList<string>? ActiveAlerts = null,
    [property: Id(12)] IReadOnlyList<SegmentLine>? Segments = null,
    [property: Id(13)] double? FairnessGap = null);

/// <summary>One segment's quality over the last 24 hours and the labelled predictions behind it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.SegmentLine")]
public sealed record SegmentLine(
    [property: Id(0)] string Segment,
    [property: Id(1)] double? Quality,
    [property: Id(2)] long Samples);
