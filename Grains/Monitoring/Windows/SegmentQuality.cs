using Fleet.Models;

namespace Fleet.Monitoring.Windows;

/// <summary>
/// Quality per segment (age band, region, new vs returning...) over the last 24 hours, in 24 hourly
/// buckets per segment, for the fairness signal: the largest gap between segments that each hold
/// enough labelled predictions. At most <see cref="MaxSegments"/> segments are told apart (the first
/// seen); the rest are not tracked, so memory stays bounded (~1 KB per segment).
/// </summary>
[GenerateSerializer, Alias("Fleet.SegmentQuality")]
public sealed class SegmentQuality
{
    public const int MaxSegments = 16;
    /// <summary>Labelled predictions a segment needs before it counts in the gap (standard error ~1.5 points).</summary>
    public const long MinSamples = 1_000;
    private const int Hours = 24;

    [Id(0)] private readonly List<string> _names = [];
    [Id(1)] private readonly List<QualityCounts[]> _counts = [];
    [Id(2)] private readonly List<long[]> _epochs = [];

    /// <summary>The index to remember with a prediction; <see cref="Ingestion.PendingPredictions.NoSegment"/> when untracked.</summary>
    public byte IndexOf(string? segment)
    {
        if (segment is null) return Ingestion.PendingPredictions.NoSegment;
        var i = _names.IndexOf(segment);
        if (i >= 0) return (byte)i;
        if (_names.Count >= MaxSegments) return Ingestion.PendingPredictions.NoSegment;
        _names.Add(segment);
        _totals = null;
        _counts.Add(new QualityCounts[Hours]);
        _epochs.Add(new long[Hours]);
        return (byte)(_names.Count - 1);
    }

    /// <summary>The segment an index from <see cref="IndexOf"/> stands for; null for an untracked one.</summary>
    public string? NameOf(byte segment) => segment < _names.Count ? _names[segment] : null;

    public void Record(byte segment, long predictionTicks, double score, double label, double decisionThreshold)
    {
        if (segment >= _names.Count) return;
        var epoch = predictionTicks / TimeSpan.TicksPerHour;
        var slot = (int)(epoch % Hours);
        if (_epochs[segment][slot] != epoch)
        {
            // The slice the slot held leaves; if it was in the kept day, the totals no longer know what is left.
            if (_totals is not null && InDay(_epochs[segment][slot], _totalsHour)) _totals = null;
            _epochs[segment][slot] = epoch;
            _counts[segment][slot] = default;
        }
        _counts[segment][slot].Add(score, label, decisionThreshold);
        if (_totals is not null && InDay(epoch, _totalsHour)) _totals[segment].Add(score, label, decisionThreshold);
        _changes++;
    }

    // Each segment's counts over the 24 hours ending at _totalsHour, kept as outcomes land: an evaluation after every
    // batch then reads one total per segment instead of its 24 hourly buckets, which at fleet scale come cold from
    // memory. Built from the buckets when the hour turns, a segment joins, or a slot of the day is reused. Their whole
    // counts equal the buckets' sum whatever the order; the error sum does not (floating), so MAE sums the buckets.
    [NonSerialized] private QualityCounts[]? _totals;
    [NonSerialized] private long _totalsHour;

    private static bool InDay(long epoch, long hour) => epoch > hour - Hours && epoch <= hour;

    private QualityCounts[] TotalsAt(long hour)
    {
        if (_totals is { } kept && _totalsHour == hour) return kept;
        var totals = new QualityCounts[_names.Count];
        for (var s = 0; s < _names.Count; s++) totals[s] = SumOfBuckets(s, hour);
        (_totals, _totalsHour) = (totals, hour);
        return totals;
    }

    private QualityCounts SumOfBuckets(int segment, long hour)
    {
        var total = default(QualityCounts);
        for (var h = 0; h < Hours; h++)
            if (InDay(_epochs[segment][h], hour)) total.Add(_counts[segment][h]);
        return total;
    }

    // Every evaluation reads the segments' day twice (policy and alert signal) and most batches change nothing in
    // it: the last answer is kept until an outcome lands or the hour turns.
    [NonSerialized] private long _changes;
    [NonSerialized] private (long Hour, long Changes, QualityMetricKind Metric, IReadOnlyList<(string, double?, long)> Lines)? _day;

    /// <summary>Each tracked segment's quality over the 24 hours before <paramref name="nowTicks"/>, with its sample count.</summary>
    public IReadOnlyList<(string Segment, double? Quality, long Samples)> Over24h(long nowTicks, QualityMetricKind metric)
    {
        var now = nowTicks / TimeSpan.TicksPerHour;
        if (_day is { } day && day.Hour == now && day.Changes == _changes && day.Metric == metric && day.Lines.Count == _names.Count) return day.Lines;
        var result = new List<(string, double?, long)>(_names.Count);
        var totals = WindowCounts.Measure(metric) ? TotalsAt(now) : null;
        for (var s = 0; s < _names.Count; s++)
        {
            var total = totals is null ? SumOfBuckets(s, now) : totals[s];
            var (quality, samples) = total.Measure(metric);
            result.Add((_names[s], quality, samples));
        }
        _day = (now, _changes, metric, result);
        return result;
    }

    /// <summary>The largest quality gap between segments with at least <see cref="MinSamples"/> each; null with fewer than two.</summary>
    public double? LargestGap(long nowTicks, QualityMetricKind metric) => Gap(nowTicks, metric, MinSamples).Gap;

    /// <summary>
    /// The largest quality gap between segments with at least <paramref name="minSamples"/> each (null with fewer
    /// than two), and the labelled predictions of the second-best-labelled segment: the gap is judged once that
    /// reaches <paramref name="minSamples"/>.
    /// </summary>
    public (double? Gap, long Samples) Gap(long nowTicks, QualityMetricKind metric, long minSamples)
    {
        // Loops, not LINQ: this runs at every evaluation of every model.
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        int judged = 0;
        long most = 0, second = 0;
        foreach (var (_, quality, samples) in Over24h(nowTicks, metric))
        {
            if (quality is not { } q) continue;
            if (samples > most) (most, second) = (samples, most);
            else if (samples > second) second = samples;
            if (samples < minSamples) continue;
            judged++;
            min = Math.Min(min, q);
            max = Math.Max(max, q);
        }
        return (judged < 2 ? null : max - min, second);
    }
}
