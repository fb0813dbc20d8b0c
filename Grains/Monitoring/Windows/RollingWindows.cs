using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// A model's rolling windows at three resolutions: 60 one-minute buckets answer the last 5 minutes
/// and hour, 24 one-hour buckets the last 24 hours, 30 one-day buckets the last 30 days. A window is
/// aligned to its buckets: "the last hour" is the current minute and the 59 before it.
/// Everything is keyed by event time; the clock is the newest event time seen (the watermark).
/// </summary>
[GenerateSerializer]
public sealed class RollingWindows
{
    [Id(0)] private readonly WindowTier _minutes = new(TimeSpan.FromMinutes(1), 60);
    [Id(1)] private readonly WindowTier _hours = new(TimeSpan.FromHours(1), 24);
    [Id(2)] private readonly WindowTier _days = new(TimeSpan.FromDays(1), 30);
    [Id(3)] public long WatermarkTicks { get; private set; } = long.MinValue;

    // Reused to merge sketches when answering a window; not part of the state.
    [NonSerialized] private LatencySketch? _scratch;

    public DateTimeOffset? Watermark =>
        WatermarkTicks == long.MinValue ? null : new DateTimeOffset(WatermarkTicks, TimeSpan.Zero);

    private IEnumerable<WindowTier> Tiers => [_minutes, _hours, _days];

    /// <summary>Moves the clock forward so the windows roll even when no event arrives.</summary>
    public void Advance(long ticks)
    {
        if (ticks <= WatermarkTicks) return;
        WatermarkTicks = ticks;
        _minutes.Advance(ticks);
        _hours.Advance(ticks);
        _days.Advance(ticks);
    }

    public void RecordPrediction(long ticks, in PredictionSample sample)
    {
        Advance(ticks);
        Record(_minutes, ticks, sample);
        Record(_hours, ticks, sample);
        Record(_days, ticks, sample);
    }

    /// <summary>Counts a joined outcome in the buckets of the prediction it answers.</summary>
    public void RecordOutcome(long predictionTicks, double score, double label, double decisionThreshold)
    {
        // Three direct calls, not a loop over Tiers: this runs once per outcome and must not allocate.
        RecordOutcome(_minutes, predictionTicks, score, label, decisionThreshold);
        RecordOutcome(_hours, predictionTicks, score, label, decisionThreshold);
        RecordOutcome(_days, predictionTicks, score, label, decisionThreshold);
    }

    private static void RecordOutcome(WindowTier tier, long predictionTicks, double score, double label, double decisionThreshold)
    {
        if (tier.TryGetBucket(predictionTicks, out var i)) tier[i].Quality.Add(score, label, decisionThreshold);
    }

    /// <summary>The window as a time series: one point per bucket, oldest first (a chart's data).</summary>
    public IReadOnlyList<SeriesPoint> Series(WindowSpan span, QualityMetricKind metric)
    {
        var (tier, buckets) = TierOf(span);
        var scratch = _scratch ??= new LatencySketch();
        var points = new List<SeriesPoint>(buckets);
        foreach (var (start, bucket) in tier.Slices(buckets))
        {
            var totals = new WindowTotals(scratch, withLatency: true);
            totals.Add(bucket);
            points.Add(new SeriesPoint(new DateTimeOffset(start, TimeSpan.Zero), totals.ToMetrics(metric)));
        }
        return points;
    }

    public TimeSpan BucketWidth(WindowSpan span) => TierOf(span).Tier.Width;

    private (WindowTier Tier, int Buckets) TierOf(WindowSpan span) => span switch
    {
        WindowSpan.FiveMinutes => (_minutes, 5),
        WindowSpan.OneHour => (_minutes, 60),
        WindowSpan.OneDay => (_hours, 24),
        WindowSpan.ThirtyDays => (_days, 30),
        _ => throw new ArgumentOutOfRangeException(nameof(span), span, null),
    };

    /// <summary>Forgets every joined outcome (a new model version is judged on its own predictions).</summary>
    public void ResetQuality()
    {
        foreach (var tier in Tiers) tier.ResetQuality();
    }

    /// <summary>One window's metrics; without latency the quantiles are null and no sketch is merged.</summary>
    public WindowMetrics Metrics(WindowSpan span, QualityMetricKind metric, bool withLatency = true)
    {
        var (tier, buckets) = TierOf(span);
        var totals = new WindowTotals(_scratch ??= new LatencySketch(), withLatency);
        tier.Sum(buckets, ref totals);
        return totals.ToMetrics(metric);
    }

    /// <summary>Every window; latency quantiles only for <paramref name="latencyWindows"/> (all when null).</summary>
    public IReadOnlyDictionary<WindowSpan, WindowMetrics> AllMetrics(QualityMetricKind metric, params WindowSpan[]? latencyWindows) =>
        WindowSpans.All.ToDictionary(span => span,
            span => Metrics(span, metric, latencyWindows is null || latencyWindows.Length == 0 || latencyWindows.Contains(span)));

    public long EstimatedBytes() =>
        64 + _minutes.EstimatedBytes() + _hours.EstimatedBytes() + _days.EstimatedBytes();

    private static void Record(WindowTier tier, long ticks, in PredictionSample sample)
    {
        if (!tier.TryGetBucket(ticks, out var i)) return;
        ref var bucket = ref tier[i];
        if (sample.Covered) bucket.Covered++;
        if (sample.Score is { } score) bucket.Scores.Add(score, sample.DecisionThreshold);
        if (sample.Degraded) bucket.Degraded++;
        else if (sample.Fallback) bucket.Fallbacks++;
        if (sample.Error) bucket.Errors++;
        if (sample.Timeout) bucket.Timeouts++;
        (bucket.Latency ??= new LatencySketch()).Add(sample.LatencyMs); // also counts the prediction (MetricBucket.Predictions)
    }
}
