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
    public long Covered;
    public QualityCounts Quality;
    public LatencySketch Latency;

    public WindowTotals(LatencySketch scratch)
    {
        this = default;
        scratch.Clear();
        Latency = scratch;
    }

    public void Add(in MetricBucket bucket)
    {
        Predictions += bucket.Predictions;
        Errors += bucket.Errors;
        Timeouts += bucket.Timeouts;
        Fallbacks += bucket.Fallbacks;
        Covered += bucket.Covered;
        Quality.Add(bucket.Quality);
        if (bucket.Latency is { Count: > 0 } sketch) Latency.Merge(sketch);
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
            FallbackRate: Rate(Fallbacks),
            Coverage: Rate(Covered));
    }

    private readonly double? Rate(long count) => Predictions == 0 ? null : (double)count / Predictions;
}
