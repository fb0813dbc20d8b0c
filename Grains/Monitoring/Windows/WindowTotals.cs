using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Windows;

/// <summary>The sum of a window's buckets, turned into <see cref="WindowMetrics"/> for one quality metric.</summary>
public struct WindowTotals
{
    public long Predictions;
    public long Errors;
    public long Timeouts;
    public long Fallbacks;
    public long Degraded;
    public long Covered;
    public QualityCounts Quality;
    public ScoreCounts Scores;
    public LatencySketch Latency;

    private readonly bool _withLatency;

    /// <summary>Merging sketches is the costly part of a window; leave it out when no quantile is needed.</summary>
    public WindowTotals(LatencySketch scratch, bool withLatency)
    {
        this = default;
        scratch.Clear();
        Latency = scratch;
        _withLatency = withLatency;
    }

    public void Add(in MetricBucket bucket)
    {
        Predictions += bucket.Predictions;
        Errors += bucket.Errors;
        Timeouts += bucket.Timeouts;
        Fallbacks += bucket.Fallbacks;
        Degraded += bucket.Degraded;
        Covered += bucket.Covered;
        Quality.Add(bucket.Quality);
        Scores.Add(bucket.Scores);
        if (_withLatency && bucket.Latency is { Count: > 0 } sketch) Latency.Merge(sketch);
    }

    public readonly WindowMetrics ToMetrics(QualityMetricKind metric)
    {
        var (quality, samples) = Quality.Measure(metric);
        var hasLatency = Latency.Count > 0;
        return new WindowMetrics(
            Volume: Predictions,
            Outcomes: Quality.Outcomes,
            Quality: quality,
            QualitySamples: samples,
            LatencyP50: hasLatency ? Latency.Quantile(0.50) : null,
            LatencyP95: hasLatency ? Latency.Quantile(0.95) : null,
            LatencyP99: hasLatency ? Latency.Quantile(0.99) : null,
            ErrorRate: Rate(Errors),
            TimeoutRate: Rate(Timeouts),
            FallbackRate: Predictions - Degraded == 0 ? null : (double)Fallbacks / (Predictions - Degraded),
            Coverage: Rate(Covered),
            DegradedShare: Rate(Degraded),
            EstimatedQuality: Scores.Estimate(metric));
    }

    private readonly double? Rate(long count) => Predictions == 0 ? null : (double)count / Predictions;
}
