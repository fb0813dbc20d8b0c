using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// The sum of a window's buckets, turned into <see cref="WindowMetrics"/> for one quality metric: the whole-number
/// counts (<see cref="WindowCounts"/>, which also makes the metrics), and what only a sum of buckets gives: MAE's
/// error sum, the score sums behind the estimated quality and the merged latency sketch.
/// </summary>
public struct WindowTotals
{
    internal WindowCounts Counts;
    public double AbsoluteErrorSum;
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
        Counts.Add(bucket, 1);
        AbsoluteErrorSum += bucket.Quality.AbsoluteErrorSum;
        Scores.Add(bucket.Scores);
        if (_withLatency && bucket.Latency.Count > 0) Latency.Merge(bucket.Latency); // the scratch sketch is of the bucket's tier's accuracy
    }

    public readonly WindowMetrics ToMetrics(QualityMetricKind metric)
    {
        var hasLatency = Latency.Count > 0;
        return Counts.ToMetrics(
            Counts.ToQualityCounts(AbsoluteErrorSum).Measure(metric),
            latencyP50: hasLatency ? Latency.Quantile(0.50) : null,
            latencyP95: hasLatency ? Latency.Quantile(0.95) : null,
            latencyP99: hasLatency ? Latency.Quantile(0.99) : null,
            estimatedQuality: Scores.Estimate(metric));
    }
}
