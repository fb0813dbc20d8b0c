using Fleet.Models;

namespace Fleet.Snapshots;

/// <summary>One day of a maturity curve: the quality of the predictions made that day and the labels it rests on.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.MaturityDay")]
public sealed record MaturityDay(
    [property: Id(0)] DateTimeOffset Day,
    [property: Id(1)] double? Quality,
    [property: Id(2)] long Samples);

/// <summary>
/// Where a model stands on its maturity curve over a review's period: its quality against launch, target and stretch
/// ("below launch", "launch", "target", "stretch": the highest it reaches), the trend of its days (the least-squares
/// slope per day, "better", "worse" or "steady" when the fitted change over the period is within 5 % of the mean), and
/// its uplift over the baseline (difference and ratio; null without a registered baseline).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.MaturityCurve")]
public sealed record MaturityCurve(
    [property: Id(0)] string Metric,
    [property: Id(1)] double Launch,
    [property: Id(2)] double Target,
    [property: Id(3)] double Stretch,
    [property: Id(4)] double? Current,
    [property: Id(5)] string Stands,
    [property: Id(6)] double? SlopePerDay,
    [property: Id(7)] string Trend,
    [property: Id(8)] double? Baseline,
    [property: Id(9)] double? BaselineUplift,
    [property: Id(10)] double? BaselineRatio,
    [property: Id(11)] IReadOnlyList<MaturityDay> Days);

/// <summary>
/// Quality per segment over a review's period and the largest gap between segments holding at least
/// <see cref="MinSamples"/> labels each, against the model's fairness limit: "within limit", "over limit", "no limit"
/// or "not judged" (fewer than two segments with enough labels).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.SegmentFairness")]
public sealed record SegmentFairness(
    [property: Id(0)] IReadOnlyList<SegmentLine> Segments,
    [property: Id(1)] long MinSamples,
    [property: Id(2)] double? Gap,
    [property: Id(3)] double? Limit,
    [property: Id(4)] string Finding);

/// <summary>
/// A candidate version's rollout: its stage, when it started and ended, how it ended ("running", "promoted",
/// "withdrawn", "replaced" by another candidate) and the comparison's verdict at that moment, with its reasons.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.RolloutRecord")]
public sealed record RolloutRecord(
    [property: Id(0)] string Candidate,
    [property: Id(1)] RolloutStage Stage,
    [property: Id(2)] DateTimeOffset? Since,
    [property: Id(3)] DateTimeOffset? Ended,
    [property: Id(4)] string Outcome,
    [property: Id(5)] string Verdict,
    [property: Id(6)] IReadOnlyList<string> Reasons);
