using Fleet.Models;

namespace Fleet.Snapshots;

/// <summary>
/// A threshold the model currently breaches, with the value and limit that decided it and the window it was read
/// over (the threshold's own, or a longer one when a quiet model's own window held too few samples). A breach that
/// is not <see cref="Judged"/> is one that holds the model at its level but cannot be judged now: its
/// <see cref="Value"/> is then the samples there are and <see cref="Limit"/> the samples needed.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Breach")]
public sealed record Breach(
    [property: Id(0)] string Threshold,
    [property: Id(1)] WindowSpan Window,
    [property: Id(2)] double Value,
    [property: Id(3)] double Limit,
    [property: Id(4)] DegradationLevel Severity,
    [property: Id(5)] string Message,
    [property: Id(6)] bool Judged = true);

/// <summary>
/// One threshold as the latest evaluation read it: the value over <see cref="Window"/> (its own window
/// <see cref="OwnWindow"/>, or the next longer one while that holds too few samples), the samples behind it, and
/// whether it could be judged at all. <see cref="Status"/> says it in words: "within limit", "breached", or
/// "not judged: too little traffic".
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ThresholdReading")]
public sealed record ThresholdReading(
    [property: Id(0)] string Threshold,
    [property: Id(1)] DegradationLevel Severity,
    [property: Id(2)] WindowSpan Window,
    [property: Id(3)] WindowSpan OwnWindow,
    [property: Id(4)] double? Value,
    [property: Id(5)] long Samples,
    [property: Id(6)] long MinSamples,
    [property: Id(7)] double Limit,
    [property: Id(8)] bool Judged,
    [property: Id(9)] bool Breached,
    [property: Id(10)] string Status);

/// <summary>
/// A threshold holding the model at its level, and where its way out stands: still breached, inside its limit but
/// not yet by the margin, clear and counting down its recovery hold, or not judged (too little traffic) and counting
/// down to its release (README "Degradation policy").
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.HeldLine")]
public sealed record HeldLine(
    [property: Id(0)] string Threshold,
    [property: Id(1)] DegradationLevel Severity,
    [property: Id(2)] WindowSpan Window,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset? Until = null);

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

/// <summary>Counts that explain what the windows did not take in; <see cref="Unlabelled"/>: predictions whose outcome did not come within the label horizon (7 days).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.IngestionCounters")]
public sealed record IngestionCounters(
    [property: Id(0)] long Batches,
    [property: Id(1)] long DuplicateBatches,
    [property: Id(2)] long Predictions,
    [property: Id(3)] long Outcomes,
    [property: Id(4)] long UnmatchedOutcomes,
    [property: Id(5)] long PendingOutcomes,
    [property: Id(6)] long Unlabelled);

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
    [property: Id(13)] double? FairnessGap = null,
    [property: Id(14)] IReadOnlyList<ThresholdReading>? Readings = null,
    [property: Id(15)] IReadOnlyList<HeldLine>? HeldBy = null,
    [property: Id(16)] IReadOnlyList<OwnerReading>? Owner = null);

/// <summary>One segment's quality over the last 24 hours and the labelled predictions behind it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.SegmentLine")]
public sealed record SegmentLine(
    [property: Id(0)] string Segment,
    [property: Id(1)] double? Quality,
    [property: Id(2)] long Samples);
