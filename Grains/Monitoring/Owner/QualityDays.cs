using Fleet.Monitoring.Windows;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// The registered version's labelled quality and failed requests per day over <see cref="Days"/> days, and each tracked
/// segment's quality per day over <see cref="SegmentDays"/>, for the reviews: the monthly review's month before, the
/// maturity curve's days and fairness by segment over the period. An outcome counts on the day of the prediction it
/// answers, as in the model's windows. Bounded: 60 × 56 B, plus 30 × 40 B per segment (at most 16).
/// </summary>
[GenerateSerializer]
public sealed class QualityDays
{
    public const int Days = 60;
    public const int SegmentDays = 30;
    public const int MaxSegments = 16;

    [Id(0)] private readonly long[] _epochs = NewEpochs(Days);
    [Id(1)] private readonly QualityCounts[] _quality = new QualityCounts[Days];
    [Id(2)] private readonly long[] _failed = new long[Days];
    [Id(3)] private readonly List<string> _segments = [];
    [Id(4)] private readonly List<QualityCounts[]> _segmentQuality = [];
    [Id(5)] private readonly long[] _segmentEpochs = NewEpochs(SegmentDays);

    /// <summary>A prediction of the registered version; <paramref name="failed"/>: an error or a timeout.</summary>
    public void RecordRequest(long ticks, bool failed)
    {
        if (Slot(ticks) is { } s && failed) _failed[s]++;
    }

    public void RecordOutcome(long predictionTicks, string? segment, double score, double label, double decisionThreshold)
    {
        if (Slot(predictionTicks) is { } s) _quality[s].Add(score, label, decisionThreshold);
        if (segment is null || SegmentSlot(predictionTicks) is not { } d) return;
        var i = _segments.IndexOf(segment);
        if (i < 0)
        {
            if (_segments.Count >= MaxSegments) return;
            _segments.Add(segment);
            _segmentQuality.Add(new QualityCounts[SegmentDays]);
            i = _segments.Count - 1;
        }
        _segmentQuality[i][d].Add(score, label, decisionThreshold);
    }

    /// <summary>Quality counts and failed requests of days <paramref name="fromDay"/> to <paramref name="toDay"/> (ticks / day) the ring still holds.</summary>
    public (QualityCounts Quality, long Failed) Between(long fromDay, long toDay)
    {
        var quality = default(QualityCounts);
        long failed = 0;
        for (var s = 0; s < Days; s++)
        {
            if (_epochs[s] < fromDay || _epochs[s] > toDay) continue;
            quality.Add(_quality[s]);
            failed += _failed[s];
        }
        return (quality, failed);
    }

    /// <summary>One day's quality counts; empty when the ring no longer (or not yet) holds it.</summary>
    public QualityCounts OnDay(long day)
    {
        var s = (int)(day % Days);
        return _epochs[s] == day ? _quality[s] : default;
    }

    /// <summary>Each tracked segment's quality counts over days <paramref name="fromDay"/> to <paramref name="toDay"/> (the last 30 at most).</summary>
    public IEnumerable<(string Segment, QualityCounts Quality)> SegmentsBetween(long fromDay, long toDay)
    {
        for (var i = 0; i < _segments.Count; i++)
        {
            var total = default(QualityCounts);
            for (var s = 0; s < SegmentDays; s++)
                if (_segmentEpochs[s] >= fromDay && _segmentEpochs[s] <= toDay) total.Add(_segmentQuality[i][s]);
            yield return (_segments[i], total);
        }
    }

    public long EstimatedBytes() => 64 + Days * 56 + SegmentDays * 8 + _segments.Count * (SegmentDays * 40 + 64);

    // The day's slot, started afresh when it last held an older day; null when the day has left the ring.
    private int? Slot(long ticks)
    {
        var day = ticks / TimeSpan.TicksPerDay;
        var s = (int)(day % Days);
        if (_epochs[s] > day) return null;
        if (_epochs[s] != day)
        {
            _epochs[s] = day;
            _quality[s] = default;
            _failed[s] = 0;
        }
        return s;
    }

    private int? SegmentSlot(long ticks)
    {
        var day = ticks / TimeSpan.TicksPerDay;
        var s = (int)(day % SegmentDays);
        if (_segmentEpochs[s] > day) return null;
        if (_segmentEpochs[s] != day)
        {
            _segmentEpochs[s] = day;
            foreach (var counts in _segmentQuality) counts[s] = default;
        }
        return s;
    }

    private static long[] NewEpochs(int n)
    {
        var epochs = new long[n];
        Array.Fill(epochs, long.MinValue);
        return epochs;
    }
}
