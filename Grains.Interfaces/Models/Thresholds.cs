namespace Fleet.Models;

/// <summary>
/// A limit on one metric, judged over one window and only once the window holds at least
/// <see cref="MinSamples"/> observations (below that the threshold is "not judged", never breached).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Limit")]
public sealed record Limit(
    [property: Id(0)] double Value,
    [property: Id(1)] WindowSpan Window,
    [property: Id(2)] long MinSamples);

/// <summary>
/// The maturation curve of the quality metric: below <see cref="Launch"/> the model should not serve,
/// <see cref="Target"/> is the first-quarter goal, <see cref="Stretch"/> the year-one goal.
/// For lower-is-better metrics (MAE) the values are upper bounds.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.QualityTargets")]
public sealed record QualityTargets(
    [property: Id(0)] double Launch,
    [property: Id(1)] double Target,
    [property: Id(2)] double Stretch,
    [property: Id(3)] WindowSpan Window,
    [property: Id(4)] long MinSamples);

/// <summary>How a model earns its way back up the ladder: the better level must hold for
/// <see cref="RecoveryHold"/> with every metric inside its limit by <see cref="Margin"/> (relative).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Hysteresis")]
public sealed record Hysteresis(
    [property: Id(0)] TimeSpan RecoveryHold,
    [property: Id(1)] double Margin);

/// <summary>
/// Every threshold a model is judged by. Rates are fractions (0.01 = 1 %). <see cref="InputDrift"/> is the
/// share of input features that drifted over the last hour; <see cref="Diversity"/> the largest share one
/// item category may take of what the model shows (recommenders); <see cref="Fairness"/> the largest quality
/// gap allowed between segments over 24 hours, each with at least its minimum labelled predictions (0.10 =
/// 10 points). Null turns a threshold off.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Thresholds")]
public sealed record Thresholds(
    [property: Id(0)] QualityTargets Quality,
    [property: Id(1)] Limit LatencyP95Ms,
    [property: Id(2)] Limit ErrorRate,
    [property: Id(3)] Limit TimeoutRate,
    [property: Id(4)] Limit FallbackRate,
    [property: Id(5)] Limit Coverage,
    [property: Id(6)] Limit MinVolume,
    [property: Id(7)] Limit ErrorState,
    [property: Id(8)] Hysteresis Hysteresis,
    [property: Id(9)] Limit? InputDrift = null,
    [property: Id(10)] Limit? Diversity = null,
    [property: Id(11)] Limit? Fairness = null);
