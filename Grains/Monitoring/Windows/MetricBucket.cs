namespace Fleet.Monitoring.Windows;

/// <summary>
/// What one time slice of one resolution holds: counts, quality counts and its latencies' bins.
/// A struct so a tier's ring is one array, with the latency bins inline (the tier knows their accuracy); their count
/// array is allocated on the first latency.
/// </summary>
/// <remarks>
/// Every whole count is kept in 4 bytes, not 8, and read as a <c>long</c>: a count that would pass
/// <see cref="uint.MaxValue"/> carries 2^32 into a side array, made then (a bucket past 4.29 billion of anything), so no
/// count ever wraps. With the bins inline a bucket is 136 bytes; it was 128 bytes of long counts plus a 72-byte sketch
/// object. The floating sums stay doubles, added in the same order, so every answer keeps its bits.
/// </remarks>
[GenerateSerializer]
public struct MetricBucket
{
    private const int ErrorsSlot = 0, TimeoutsSlot = 1, FallbacksSlot = 2, CoveredSlot = 3, DegradedSlot = 4, OutcomesSlot = 5,
        TruePositivesSlot = 6, FalsePositivesSlot = 7, FalseNegativesSlot = 8, ScoredSlot = 9, PredictedPositiveSlot = 10;

    /// <summary>How many whole counts a bucket keeps (the length of its carries, when it has any).</summary>
    internal const int CountSlots = 11;

    /// <summary>Which slice (event ticks / bucket width) the counts belong to; stale slices are reset on reuse.</summary>
    [Id(0)] public long Epoch;
    [Id(1)] private uint _errors;
    [Id(2)] private uint _timeouts;
    /// <summary>Requests the model was expected to answer (served level 1-2) but a fallback answered.</summary>
    [Id(3)] private uint _fallbacks;
    [Id(4)] private uint _covered;
    /// <summary>Requests served at level 3 or worse because the ladder said so (not counted as the model's fallbacks).</summary>
    [Id(5)] private uint _degraded;
    // The confusion counts and error sum of joined outcomes (QualityCounts').
    [Id(6)] private uint _outcomes;
    [Id(7)] private uint _truePositives;
    [Id(8)] private uint _falsePositives;
    [Id(9)] private uint _falseNegatives;
    [Id(10)] private double _absoluteErrorSum;
    // What the scores themselves expect, before any label arrives (ScoreCounts').
    [Id(11)] private uint _scored;
    [Id(12)] private uint _predictedPositive;
    [Id(13)] private double _scoreSum;
    [Id(14)] private double _positiveScoreSum;
    [Id(15)] public LatencyBins Latency;
    // The part of each whole count past 4 bytes, indexed by its slot; null until one passes uint.MaxValue.
    [Id(16)] private long[]? _carries;

    /// <summary>
    /// Predictions in the slice. Every recorded prediction adds its latency to the bins, so their count
    /// is this count: keeping it a second time cost 8 bytes in each of a model's 114 buckets.
    /// </summary>
    public readonly long Predictions => Latency.Count;

    public readonly long Errors => _errors + Carry(ErrorsSlot);
    public readonly long Timeouts => _timeouts + Carry(TimeoutsSlot);
    public readonly long Fallbacks => _fallbacks + Carry(FallbacksSlot);
    public readonly long Covered => _covered + Carry(CoveredSlot);
    public readonly long Degraded => _degraded + Carry(DegradedSlot);

    /// <summary>The joined outcomes' counts, as a window adds them up.</summary>
    public readonly QualityCounts Quality => new()
    {
        Outcomes = _outcomes + Carry(OutcomesSlot),
        TruePositives = _truePositives + Carry(TruePositivesSlot),
        FalsePositives = _falsePositives + Carry(FalsePositivesSlot),
        FalseNegatives = _falseNegatives + Carry(FalseNegativesSlot),
        AbsoluteErrorSum = _absoluteErrorSum,
    };

    /// <summary>The scores' sums, as a window adds them up.</summary>
    public readonly ScoreCounts Scores => new()
    {
        Scored = _scored + Carry(ScoredSlot),
        ScoreSum = _scoreSum,
        PredictedPositive = _predictedPositive + Carry(PredictedPositiveSlot),
        PositiveScoreSum = _positiveScoreSum,
    };

    public static MetricBucket Empty => new() { Epoch = long.MinValue, Latency = LatencyBins.Empty };

    /// <summary>Counts one prediction's flags and score (its latency goes to <see cref="Latency"/>, with the tier's mapping).</summary>
    public void Count(in PredictionSample sample)
    {
        if (sample.Covered) Increment(ref _covered, ref _carries, CoveredSlot);
        if (sample.Score is { } score)
        {
            // Which call is positive is ScoreCounts' rule; the sums add the score itself, as ScoreCounts.Add does.
            var one = new ScoreCounts();
            one.Add(score, sample.DecisionThreshold);
            Increment(ref _scored, ref _carries, ScoredSlot);
            _scoreSum += score;
            if (one.PredictedPositive != 0)
            {
                Increment(ref _predictedPositive, ref _carries, PredictedPositiveSlot);
                _positiveScoreSum += score;
            }
        }
        if (sample.Degraded) Increment(ref _degraded, ref _carries, DegradedSlot);
        else if (sample.Fallback) Increment(ref _fallbacks, ref _carries, FallbacksSlot);
        if (sample.Error) Increment(ref _errors, ref _carries, ErrorsSlot);
        if (sample.Timeout) Increment(ref _timeouts, ref _carries, TimeoutsSlot);
    }

    /// <summary>Counts one labelled prediction as <see cref="QualityCounts.Add(double, double, double)"/> does.</summary>
    public void AddOutcome(double score, double label, double decisionThreshold)
    {
        var one = new QualityCounts();
        one.Add(score, label, decisionThreshold);
        Increment(ref _outcomes, ref _carries, OutcomesSlot);
        if (one.TruePositives != 0) Increment(ref _truePositives, ref _carries, TruePositivesSlot);
        else if (one.FalsePositives != 0) Increment(ref _falsePositives, ref _carries, FalsePositivesSlot);
        else if (one.FalseNegatives != 0) Increment(ref _falseNegatives, ref _carries, FalseNegativesSlot);
        _absoluteErrorSum += one.AbsoluteErrorSum; // 0 + |score - label|: the same bits as adding it directly
    }

    /// <summary>Forgets the joined outcomes (a new model version is judged on its own).</summary>
    public void ResetQuality()
    {
        (_outcomes, _truePositives, _falsePositives, _falseNegatives, _absoluteErrorSum) = (0, 0, 0, 0, 0);
        if (_carries is { } carries) carries.AsSpan(OutcomesSlot, FalseNegativesSlot - OutcomesSlot + 1).Clear();
    }

    /// <summary>Starts the bucket over for a new slice, keeping the bins' count array.</summary>
    public void Reset(long epoch)
    {
        var latency = Latency;
        latency.Clear();
        this = new MetricBucket { Epoch = epoch, Latency = latency };
    }

    /// <summary>Heap bytes the bucket holds beyond its place in the ring: its count array and any carries.</summary>
    public readonly long HeapBytes => Latency.ArrayBytes + (_carries is null ? 0 : 24 + 8 * CountSlots);

    /// <summary>Adds one to a 4-byte count, carrying 2^32 into <paramref name="carries"/> (made on the first carry) when it is full.</summary>
    internal static void Increment(ref uint count, ref long[]? carries, int slot)
    {
        if (count != uint.MaxValue)
        {
            count++;
            return;
        }
        count = 0;
        (carries ??= new long[CountSlots])[slot] += 1L << 32;
    }

    private readonly long Carry(int slot) => _carries is { } carries ? carries[slot] : 0;
}
