namespace Fleet.Monitoring.Windows;

/// <summary>
/// The <see cref="WindowCounts"/> of a model's windows, kept current as <see cref="RollingWindows"/> records
/// and rolls, so judging the model after every batch reads a few numbers per window instead of re-adding
/// ~110 buckets, which at fleet scale come cold from memory. Each window is the last N buckets of one tier,
/// ending at the tier's latest epoch: a bucket joins it when written and leaves it when the clock moves past.
/// Not state: built from the buckets when first asked for, and rebuilt whenever the tiers moved unseen.
/// </summary>
internal sealed class RunningWindowCounts
{
    private readonly WindowTier[] _tiers;
    private readonly int[] _buckets;
    private readonly WindowCounts[] _counts;
    // The tier's latest epoch each window's counts are current at.
    private readonly long[] _epochs;
    // Each window's latencies merged, kept like the counts once the window's quantile was first asked for.
    private readonly LatencySketch?[] _latency;
    // The smallest and largest latency in each window's buckets, known while _bounded: a quantile clamps to them, and
    // finding them walked every bucket of the window (60 for the hour) at every evaluation. A value joining the window
    // can only widen them; a bucket leaving it forgets them only if it may have held one of them.
    private readonly double[] _lowest;
    private readonly double[] _highest;
    private readonly bool[] _bounded;

    /// <param name="windows">Each window: its tier and how many of the tier's latest buckets it spans.</param>
    public RunningWindowCounts(params (WindowTier Tier, int Buckets)[] windows)
    {
        _tiers = windows.Select(w => w.Tier).ToArray();
        _buckets = windows.Select(w => w.Buckets).ToArray();
        _counts = new WindowCounts[windows.Length];
        _epochs = new long[windows.Length];
        _latency = new LatencySketch?[windows.Length];
        _lowest = new double[windows.Length];
        _highest = new double[windows.Length];
        _bounded = new bool[windows.Length];
        for (var w = 0; w < windows.Length; w++) Rebuild(w);
    }

    // Set when a bucket was written while its tier had moved unseen: what left the window then is unknown.
    private bool _lost;

    /// <summary>False once a tier moved without <see cref="Roll"/> seeing it: the counts must be built again.</summary>
    public bool Current
    {
        get
        {
            if (_lost) return false;
            for (var w = 0; w < _tiers.Length; w++)
            {
                if (_epochs[w] != _tiers[w].LatestEpoch) return false;
            }
            return true;
        }
    }

    public ref readonly WindowCounts this[int window] => ref _counts[window];

    /// <summary>
    /// After the tiers' clocks moved forward: takes out the buckets that left each window. Must run before
    /// any bucket is reused for a newer slice, which wipes what the window has to take out.
    /// </summary>
    public void Roll()
    {
        // Once lost, the counts are built again before anyone reads them; taking out a bucket they may never have held
        // (written after an unseen move, so not counted) would only throw.
        if (_lost) return;
        for (var w = 0; w < _tiers.Length; w++)
        {
            var tier = _tiers[w];
            long from = _epochs[w], to = tier.LatestEpoch, span = _buckets[w];
            if (to == from) continue;
            if (to < from) _lost = true; // a tier's clock never moves back; if one did, trust nothing
            if (from == long.MinValue || to - from >= span)
            {
                _counts[w] = default;
                _latency[w]?.Clear();
                (_lowest[w], _highest[w], _bounded[w]) = (double.PositiveInfinity, double.NegativeInfinity, true);
            }
            else
            {
                for (var epoch = from - span + 1; epoch <= to - span; epoch++)
                {
                    ref readonly var bucket = ref tier[IndexOf(tier, epoch)];
                    if (bucket.Epoch != epoch) continue;
                    _counts[w].Add(bucket, -1);
                    ref readonly var left = ref bucket.Latency;
                    _latency[w]?.Subtract(left);
                    // Its bounds may have been the window's (Min and Max are NaN for empty bins: they held none).
                    if (left.Count > 0 && (left.Min <= _lowest[w] || left.Max >= _highest[w])) _bounded[w] = false;
                }
            }
            _epochs[w] = to;
        }
    }

    /// <summary>A prediction was counted in <paramref name="tier"/>'s bucket of <paramref name="epoch"/>.</summary>
    public void Predicted(WindowTier tier, long epoch, in PredictionSample sample)
    {
        for (var w = 0; w < _tiers.Length; w++)
        {
            if (_tiers[w] != tier || !Covers(w, epoch)) continue;
            _counts[w].Add(sample);
            _latency[w]?.Add(sample.LatencyMs);
            // As the bucket's sketch keeps its own (LatencySketch.Add), which the walk in LatencyQuantile reads.
            if (sample.LatencyMs < _lowest[w]) _lowest[w] = sample.LatencyMs;
            if (sample.LatencyMs > _highest[w]) _highest[w] = sample.LatencyMs;
        }
    }

    /// <summary>An outcome was counted in <paramref name="tier"/>'s bucket of <paramref name="epoch"/>.</summary>
    public void Labelled(WindowTier tier, long epoch, double score, double label, double decisionThreshold)
    {
        for (var w = 0; w < _tiers.Length; w++)
        {
            if (_tiers[w] == tier && Covers(w, epoch)) _counts[w].AddOutcome(score, label, decisionThreshold);
        }
    }

    private bool Covers(int w, long epoch)
    {
        if (_epochs[w] != _tiers[w].LatestEpoch) _lost = true; // written after an unseen move: see Current
        return _epochs[w] != long.MinValue && epoch > _epochs[w] - _buckets[w] && epoch <= _epochs[w];
    }

    private void Rebuild(int w)
    {
        var tier = _tiers[w];
        _counts[w] = default;
        _epochs[w] = tier.LatestEpoch;
        if (tier.LatestEpoch == long.MinValue) return;
        var oldest = tier.LatestEpoch - _buckets[w] + 1;
        for (var i = 0; i < tier.BucketCount; i++)
        {
            ref readonly var bucket = ref tier[i];
            if (bucket.Epoch >= oldest && bucket.Epoch <= tier.LatestEpoch) _counts[w].Add(bucket, 1);
        }
    }

    /// <summary>
    /// The window's latency <paramref name="q"/>-quantile (null with no latency): the same bits as its buckets' sketches
    /// merged would give. The running sketch holds their counts; the bounds it clamps to are the buckets' own.
    /// </summary>
    public double? LatencyQuantile(int window, double q)
    {
        var tier = _tiers[window];
        if (tier.LatestEpoch == long.MinValue) return null;
        if (_bounded[window] && _latency[window] is { } kept)
            return double.IsInfinity(_lowest[window]) ? null : kept.QuantileWithin(q, _lowest[window], _highest[window]);
        // The first time a window is asked, the same walk that finds its bounds merges its buckets into the running sketch.
        var merging = _latency[window] is null ? new LatencySketch(tier.LatencyAccuracy) : null;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var oldest = tier.LatestEpoch - _buckets[window] + 1;
        for (var epoch = oldest; epoch <= tier.LatestEpoch; epoch++)
        {
            ref readonly var bucket = ref tier[IndexOf(tier, epoch)];
            if (bucket.Epoch != epoch) continue;
            ref readonly var sketch = ref bucket.Latency;
            if (sketch.Count == 0) continue;
            merging?.Merge(sketch);
            min = Math.Min(min, sketch.Min);
            max = Math.Max(max, sketch.Max);
        }
        var running = _latency[window] ??= merging!;
        (_lowest[window], _highest[window], _bounded[window]) = (min, max, true);
        return double.IsInfinity(min) ? null : running.QuantileWithin(q, min, max);
    }

    /// <summary>The ring slot of an epoch, as <see cref="WindowTier"/> places it.</summary>
    public static int IndexOf(WindowTier tier, long epoch) =>
        (int)(((epoch % tier.BucketCount) + tier.BucketCount) % tier.BucketCount);
}
