namespace Fleet.Monitoring.Windows;

/// <summary>
/// What one time slice of one resolution holds: counts, quality counts and a latency sketch.
/// A struct so a tier's ring is one array; the sketch is allocated on the first latency.
/// </summary>
[GenerateSerializer]
public struct MetricBucket
{
    /// <summary>Which slice (event ticks / bucket width) the counts belong to; stale slices are reset on reuse.</summary>
    [Id(0)] public long Epoch;
    [Id(2)] public long Errors;
    [Id(3)] public long Timeouts;
    /// <summary>Requests the model was expected to answer (served level 1-2) but a fallback answered.</summary>
    [Id(4)] public long Fallbacks;
    [Id(5)] public long Covered;
    [Id(6)] public QualityCounts Quality;
    [Id(7)] public LatencySketch? Latency;
    /// <summary>Requests served at level 3 or worse because the ladder said so (not counted as the model's fallbacks).</summary>
    [Id(8)] public long Degraded;
    /// <summary>What the scores themselves expect, before any label arrives (confidence-based estimation).</summary>
    [Id(9)] public ScoreCounts Scores;

    /// <summary>
    /// Predictions in the slice. Every recorded prediction adds its latency to the sketch, so the sketch's count
    /// is this count: keeping it a second time cost 8 bytes in each of a model's 114 buckets.
    /// </summary>
    public readonly long Predictions => Latency?.Count ?? 0;

    public static MetricBucket Empty => new() { Epoch = long.MinValue };

    /// <summary>Starts the bucket over for a new slice, keeping the sketch's memory.</summary>
    public void Reset(long epoch)
    {
        var latency = Latency;
        latency?.Clear();
        this = new MetricBucket { Epoch = epoch, Latency = latency };
    }
}
