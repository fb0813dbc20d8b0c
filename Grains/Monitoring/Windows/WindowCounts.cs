using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// The whole-number part of one window's totals: volume, failures, fallbacks, coverage and the confusion
/// counts of joined outcomes. Whole numbers add and subtract exactly, so counts kept up to date as buckets
/// fill and leave a window equal the sum of its buckets, whatever the order. The floating sums (MAE's error
/// sum, the score sums behind the estimated quality) round differently in another order and are not here.
/// </summary>
internal struct WindowCounts
{
    public long Predictions;
    public long Errors;
    public long Timeouts;
    public long Fallbacks;
    public long Degraded;
    public long Covered;
    public long Outcomes;
    public long TruePositives;
    public long FalsePositives;
    public long FalseNegatives;

    /// <summary>Whether a metric's value is a ratio of counts (every metric but MAE, which averages a floating sum).</summary>
    public static bool Measure(QualityMetricKind metric) => metric != QualityMetricKind.Mae;

    /// <summary>Counts one prediction as <see cref="RollingWindows"/> counts it in a bucket.</summary>
    public void Add(in PredictionSample sample)
    {
        Predictions++;
        if (sample.Covered) Covered++;
        if (sample.Degraded) Degraded++;
        else if (sample.Fallback) Fallbacks++;
        if (sample.Error) Errors++;
        if (sample.Timeout) Timeouts++;
    }

    /// <summary>Counts one joined outcome as <see cref="QualityCounts.Add(double, double, double)"/> does.</summary>
    public void AddOutcome(double score, double label, double decisionThreshold)
    {
        var outcome = new QualityCounts();
        outcome.Add(score, label, decisionThreshold);
        Add(outcome, 1);
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (-1) a bucket's counts.</summary>
    public void Add(in MetricBucket bucket, int sign)
    {
        Predictions += sign * bucket.Predictions;
        Errors += sign * bucket.Errors;
        Timeouts += sign * bucket.Timeouts;
        Fallbacks += sign * bucket.Fallbacks;
        Degraded += sign * bucket.Degraded;
        Covered += sign * bucket.Covered;
        Add(bucket.Quality, sign);
    }

    private void Add(in QualityCounts quality, int sign)
    {
        Outcomes += sign * quality.Outcomes;
        TruePositives += sign * quality.TruePositives;
        FalsePositives += sign * quality.FalsePositives;
        FalseNegatives += sign * quality.FalseNegatives;
    }

    /// <summary>
    /// The window's metrics for a metric <see cref="Measure"/> accepts, with its latency P95 worked out by the caller;
    /// P50, P99 and the estimated quality, which need what counts cannot give or nobody judging asks for, are null.
    /// </summary>
    public readonly WindowMetrics ToMetrics(QualityMetricKind metric, double? latencyP95) =>
        ToMetrics(Quality(metric), null, latencyP95, null, estimatedQuality: null);

    /// <summary>The window's metrics: the counts' volume and rates, with the quality and latency worked out by the caller.</summary>
    public readonly WindowMetrics ToMetrics(
        (double? Value, long Samples) quality, double? latencyP50, double? latencyP95, double? latencyP99, double? estimatedQuality) =>
        new(
            Volume: Predictions,
            Outcomes: Outcomes,
            Quality: quality.Value,
            QualitySamples: quality.Samples,
            LatencyP50: latencyP50,
            LatencyP95: latencyP95,
            LatencyP99: latencyP99,
            ErrorRate: Rate(Errors),
            TimeoutRate: Rate(Timeouts),
            FallbackRate: Predictions - Degraded == 0 ? null : (double)Fallbacks / (Predictions - Degraded),
            Coverage: Rate(Covered),
            DegradedShare: Rate(Degraded),
            EstimatedQuality: estimatedQuality);

    /// <summary>The quality metric's value and samples, as <see cref="QualityCounts.Measure"/> gives them, for a metric <see cref="Measure"/> accepts.</summary>
    public readonly (double? Value, long Samples) Quality(QualityMetricKind metric)
    {
        if (!Measure(metric)) throw new ArgumentOutOfRangeException(nameof(metric), metric, "MAE needs the window's error sum");
        return ToQualityCounts(absoluteErrorSum: 0).Measure(metric);
    }

    /// <summary>The confusion counts as <see cref="QualityCounts"/>, with an error sum kept elsewhere.</summary>
    public readonly QualityCounts ToQualityCounts(double absoluteErrorSum) => new()
    {
        Outcomes = Outcomes, TruePositives = TruePositives, FalsePositives = FalsePositives, FalseNegatives = FalseNegatives,
        AbsoluteErrorSum = absoluteErrorSum,
    };

    private readonly double? Rate(long count) => Predictions == 0 ? null : (double)count / Predictions;
}
