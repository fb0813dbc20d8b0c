using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// A model's rolling windows at three resolutions: 60 one-minute buckets answer the last 5 minutes
/// and hour, 24 one-hour buckets the last 24 hours, 30 one-day buckets the last 30 days. A window is
/// aligned to its buckets: "the last hour" is the current minute and the 59 before it.
/// Everything is keyed by event time; the clock is the newest event time seen (the watermark).
/// </summary>
/// <remarks>
/// Latency quantiles keep 1 % relative error in the minute tier, which answers the 5-minute and 1-hour windows where
/// levels and alerts are decided. The display tiers are coarser, by merging neighbouring bins of that sketch
/// (<see cref="LatencySketch.MergedBinsAccuracy"/>): 2 % (1.9998 %) for the 24-hour window, 4 % (3.998 %) for the 30-day
/// one. A day's sketch then needs a quarter of the bins, an hour's half.
/// </remarks>
[GenerateSerializer]
public sealed class RollingWindows
{
    /// <summary>Relative error of the 5-minute and 1-hour windows' latency quantiles.</summary>
    public static readonly double MinuteAccuracy = LatencySketch.MergedBinsAccuracy(0);
    /// <summary>Relative error of the 24-hour window's latency quantiles.</summary>
    public static readonly double HourAccuracy = LatencySketch.MergedBinsAccuracy(1);
    /// <summary>Relative error of the 30-day window's latency quantiles.</summary>
    public static readonly double DayAccuracy = LatencySketch.MergedBinsAccuracy(2);

    [Id(0)] private readonly WindowTier _minutes = new(TimeSpan.FromMinutes(1), 60, MinuteAccuracy);
    [Id(1)] private readonly WindowTier _hours = new(TimeSpan.FromHours(1), 24, HourAccuracy);
    [Id(2)] private readonly WindowTier _days = new(TimeSpan.FromDays(1), 30, DayAccuracy);
    [Id(3)] public long WatermarkTicks { get; private set; } = long.MinValue;

    // Reused to merge sketches when answering a window, and read before the answer returns: one per thread and tier
    // accuracy serves every model (a sketch per model cost each ~350 B, and ~1 KB once a snapshot had merged its 30 days).
    [ThreadStatic] private static LatencySketch?[]? t_scratch;

    // The windows' counts kept as buckets fill and roll, for EvaluationMetrics; built on first use, not state.
    [NonSerialized] private RunningWindowCounts? _running;

    private static LatencySketch ScratchFor(WindowTier tier)
    {
        var scratch = t_scratch ??= new LatencySketch?[3];
        for (var i = 0; i < scratch.Length; i++)
        {
            if (scratch[i] is not { } sketch) return scratch[i] = new LatencySketch(tier.LatencyAccuracy);
            if (sketch.RelativeAccuracy == tier.LatencyAccuracy) return sketch;
        }
        return scratch[0] = new LatencySketch(tier.LatencyAccuracy);
    }

    public DateTimeOffset? Watermark =>
        WatermarkTicks == long.MinValue ? null : new DateTimeOffset(WatermarkTicks, TimeSpan.Zero);

    private IEnumerable<WindowTier> Tiers => [_minutes, _hours, _days];

    /// <summary>Moves the clock forward so the windows roll even when no event arrives.</summary>
    public void Advance(long ticks)
    {
        if (ticks <= WatermarkTicks) return;
        WatermarkTicks = ticks;
        var minute = _minutes.LatestEpoch;
        _minutes.Advance(ticks);
        _hours.Advance(ticks);
        _days.Advance(ticks);
        // An hour or a day turns only when a minute does (each width divides the next), and most events turn none.
        if (_minutes.LatestEpoch != minute) _running?.Roll();
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

    private void RecordOutcome(WindowTier tier, long predictionTicks, double score, double label, double decisionThreshold)
    {
        if (!tier.TryGetBucket(predictionTicks, out var i)) return;
        ref var bucket = ref tier[i];
        bucket.AddOutcome(score, label, decisionThreshold);
        _running?.Labelled(tier, bucket.Epoch, score, label, decisionThreshold);
    }

    /// <summary>The window as a time series: one point per bucket, oldest first (a chart's data).</summary>
    public IReadOnlyList<SeriesPoint> Series(WindowSpan span, QualityMetricKind metric)
    {
        var (tier, buckets) = TierOf(span);
        var scratch = ScratchFor(tier);
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
        _running = null;
    }

    /// <summary>One window's metrics; without latency the quantiles are null and no sketch is merged.</summary>
    public WindowMetrics Metrics(WindowSpan span, QualityMetricKind metric, bool withLatency = true)
    {
        var (tier, buckets) = TierOf(span);
        var totals = new WindowTotals(ScratchFor(tier), withLatency);
        tier.Sum(buckets, ref totals);
        return totals.ToMetrics(metric);
    }

    /// <summary>Every window; latency quantiles only for <paramref name="latencyWindows"/> (all when null).</summary>
    public IReadOnlyDictionary<WindowSpan, WindowMetrics> AllMetrics(QualityMetricKind metric, params WindowSpan[]? latencyWindows) =>
        WindowSpans.All.ToDictionary(span => span,
            span => Metrics(span, metric, latencyWindows is null || latencyWindows.Length == 0 || latencyWindows.Contains(span)));

    /// <summary>
    /// Every window as a level and alert evaluation reads it, from the running counts: equal to
    /// <see cref="AllMetrics"/> with latency for <paramref name="latencyWindow"/> only, except that P50, P99
    /// (of any window) and the estimated quality are left null, as no threshold or signal reads them.
    /// MAE averages a floating sum the counts cannot keep exactly: for it, this is <see cref="AllMetrics"/>.
    /// </summary>
    public IReadOnlyDictionary<WindowSpan, WindowMetrics> EvaluationMetrics(QualityMetricKind metric, WindowSpan latencyWindow)
    {
        if (!WindowCounts.Measure(metric)) return AllMetrics(metric, latencyWindow);
        var running = Running();
        var result = new Dictionary<WindowSpan, WindowMetrics>(WindowSpans.All.Length);
        for (var w = 0; w < WindowSpans.All.Length; w++)
        {
            var span = WindowSpans.All[w];
            result[span] = running[w].ToMetrics(metric, span == latencyWindow ? LatencyP95(span) : null);
        }
        return result;
    }

    /// <summary>One window's quality, as <see cref="Metrics"/> gives it, from the running counts when they suffice.</summary>
    public double? Quality(WindowSpan span, QualityMetricKind metric)
    {
        if (!WindowCounts.Measure(metric)) return Metrics(span, metric, withLatency: false).Quality;
        return Running()[Array.IndexOf(WindowSpans.All, span)].Quality(metric).Value;
    }

    /// <summary>The predictions in one window, from the running counts.</summary>
    public long Volume(WindowSpan span) => Running()[Array.IndexOf(WindowSpans.All, span)].Predictions;

    /// <summary>Whether the running counts followed every change since they were built (tests: the fast path holds).</summary>
    internal bool RunningCountsCurrent => _running is { Current: true };

    private RunningWindowCounts Running() =>
        _running is { Current: true } running ? running : _running = new RunningWindowCounts([.. WindowSpans.All.Select(TierOf)]);

    /// <summary>The window's latency P95 (null with no latency), from the running counts' merged sketch of the window.</summary>
    private double? LatencyP95(WindowSpan span) => Running().LatencyQuantile(Array.IndexOf(WindowSpans.All, span), 0.95);

    /// <summary>Heap bytes held (x64): this object (16 header + four references + a long = 56) and its tiers.</summary>
    public long EstimatedBytes() =>
        56 + _minutes.EstimatedBytes() + _hours.EstimatedBytes() + _days.EstimatedBytes();

    private void Record(WindowTier tier, long ticks, in PredictionSample sample)
    {
        if (!tier.TryGetBucket(ticks, out var i)) return;
        ref var bucket = ref tier[i];
        bucket.Count(sample);
        bucket.Latency.Add(sample.LatencyMs, tier.Mapping); // also counts the prediction (MetricBucket.Predictions)
        _running?.Predicted(tier, bucket.Epoch, sample);
    }
}
