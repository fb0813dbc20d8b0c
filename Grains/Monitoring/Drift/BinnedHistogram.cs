namespace Fleet.Monitoring.Drift;

/// <summary>
/// A fixed-bin histogram of one numeric feature (or the score): bins fitted once on a reference sample,
/// then every current window counts into the same bins so the two can be compared bin by bin.
/// </summary>
/// <remarks>
/// <para>
/// Bins: <see cref="Fit"/> places the inner edges at the reference's <c>k/B</c> quantiles (default
/// <c>B = 10</c>), so each bin holds about a tenth of the reference. Bin <c>j</c> is <c>[e_j, e_{j+1})</c>;
/// the first bin is open to −∞ and the last to +∞, so every finite value lands in a bin and no statistic
/// ever sees a value "outside" the histogram. Ties in the reference merge edges, so two rules keep a change
/// of a dominant value visible (quantile edges alone gave a 0/1 flag with 3 % ones, or a count that is 95 %
/// zeros, a single bin, which can never drift):
/// </para>
/// <list type="bullet">
/// <item>a reference with at most B distinct values gets one bin per value, and is <see cref="IsDiscrete"/>: judged
/// as categories, as Evidently judges numeric columns with few values. A constant gets a bin below it and one
/// above it as well, so any new value moves mass between bins;</item>
/// <item>otherwise every value holding at least 1/B of the reference gets a bin <c>[v, next value)</c> of its own,
/// beside the quantile bins (at most about 2B bins in all).</item>
/// </list>
/// <para>
/// Data quality counters live beside the bins: <see cref="Missing"/> (null, NaN or ±∞: a value the model
/// cannot use), <see cref="BelowRange"/>/<see cref="AboveRange"/> (finite values outside the reference's
/// [min, max]; they are also counted in the open first/last bin) and <see cref="WrongType"/> (the feature
/// arrived as a category). Running mean and variance (Welford, merged with Chan et al.'s formula) give the
/// scale that normalises the Wasserstein distance, and a sum per bin gives each bin's mean
/// (<see cref="BinMean"/>), where the Wasserstein distance places the bin's mass.
/// </para>
/// <para>
/// Memory: the edges, and one array of a long and a double per bin and nine counters (<see cref="BinnedCounts"/>: one
/// array header and reference fewer than a counts and a sums array, 32 bytes a histogram; a drift slice keeps the same
/// counts of all its histograms in one array, <see cref="DriftSlice"/>); a current histogram made by <see cref="CreateEmptyLike"/> shares
/// its reference's edge array. <see cref="Add(double)"/> is a binary search over the inner edges, no allocation.
/// Histograms over the same edges merge with <see cref="Add(BinnedHistogram)"/>, so a window can be summed from
/// per-bucket histograms. Not thread-safe.
/// </para>
/// </remarks>
[GenerateSerializer, Alias("Fleet.Drift.BinnedHistogram")]
public sealed class BinnedHistogram
{
    /// <summary>Bins fitted by default: deciles of the reference.</summary>
    public const int DefaultBins = 10;

    /// <summary>Upper limit on fitted bins; PSI and chi-square get noisy long before this.</summary>
    public const int MaxBins = 10_000;

    // [lo, e_1, ..., e_{B-1}, hi]: lo/hi are the reference's range; the inner edges delimit the bins.
    [Id(0)] private double[] _edges;
    // What it counts, laid out as BinnedCounts reads it.
    [Id(1)] private long[] _state;
    [Id(2)] private bool _discrete;

    private BinnedHistogram(double[] edges, bool discrete)
    {
        _edges = edges;
        _discrete = discrete;
        _state = new long[BinnedCounts.Length(edges.Length - 1)];
        State.Clear();
    }

    private BinnedCounts State => new(_state, BinCount);

    /// <summary>
    /// Fits quantile bins on <paramref name="reference"/> and counts it: the result is the reference histogram.
    /// Non-finite values are counted as missing. With no finite value the histogram has one bin and an empty range.
    /// </summary>
    public static BinnedHistogram Fit(ReadOnlySpan<double> reference, int bins = DefaultBins)
    {
        if (bins < 1 || bins > MaxBins)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, $"Bins must be in [1, {MaxBins}].");
        }

        var sorted = new double[reference.Length];
        int n = 0;
        foreach (double x in reference)
        {
            if (double.IsFinite(x)) sorted[n++] = x;
        }
        Array.Sort(sorted, 0, n);

        var (edges, discrete) = n == 0 ? (new[] { double.NaN, double.NaN }, false) : FitEdges(sorted.AsSpan(0, n), bins);
        var histogram = new BinnedHistogram(edges, discrete);
        foreach (double x in reference) histogram.Add(x);
        return histogram;
    }

    /// <summary>
    /// The edges for sorted finite values: one bin per distinct value when there are at most <paramref name="bins"/>
    /// of them (a constant gets a bin below and one above it as well), else quantile bins in which every value
    /// holding at least 1/<paramref name="bins"/> of the sample has a bin of its own.
    /// </summary>
    private static (double[] Edges, bool Discrete) FitEdges(ReadOnlySpan<double> sorted, int bins)
    {
        int n = sorted.Length;
        double lo = sorted[0], hi = sorted[n - 1];
        if (lo == hi) return ([lo, lo, Math.BitIncrement(lo), Math.BitIncrement(lo)], true);

        var distinct = new List<double>(bins + 1);
        for (int i = 0; i < n && distinct.Count <= bins; i++)
        {
            if (i == 0 || sorted[i] > sorted[i - 1]) distinct.Add(sorted[i]);
        }
        if (distinct.Count <= bins) return ([.. distinct, hi], true); // [lo = v_1, v_2, ..., v_d, hi = v_d]: bin j holds v_{j+1}

        // Edge k is the value at rank floor(k n / B), so [e_j, e_{j+1}) holds ranks floor(jn/B) .. floor((j+1)n/B)-1:
        // exactly n/B values each when B divides n and there are no ties. Ties merge edges.
        var inner = new SortedSet<double>();
        for (int k = 1; k < bins; k++) inner.Add(sorted[(int)((long)k * n / bins)]);
        // A value holding a bin's worth of the sample (a flag's 0, a count's zeros) gets [v, next value) to itself:
        // in a bin shared with its neighbours, a change in its share would be diluted, or (one bin) never seen.
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end < n && sorted[end] == sorted[start]) end++;
            if ((long)(end - start) * bins >= n)
            {
                inner.Add(sorted[start]);
                if (end < n) inner.Add(sorted[end]);
            }
            start = end;
        }
        inner.RemoveWhere(e => e <= lo); // bin 0 is open below: an edge at the minimum would leave a bin the reference cannot fill
        return ([lo, .. inner, hi], false);
    }

    /// <summary>
    /// An empty histogram over explicit edges <c>[lo, e_1, ..., e_{B-1}, hi]</c>: inner edges strictly increasing,
    /// <c>lo ≤ e_1</c> and <c>e_{B-1} ≤ hi</c>. <c>[lo, hi]</c> is the expected range (for out-of-range counts and the
    /// centres of the open first and last bins). For tests and for references built from known bin layouts.
    /// </summary>
    public static BinnedHistogram WithEdges(ReadOnlySpan<double> edges)
    {
        if (edges.Length < 2)
        {
            throw new ArgumentException("At least two edges (lo and hi) are needed.", nameof(edges));
        }
        foreach (double e in edges)
        {
            if (!double.IsFinite(e)) throw new ArgumentException("Edges must be finite.", nameof(edges));
        }
        for (int i = 2; i < edges.Length - 1; i++)
        {
            if (!(edges[i] > edges[i - 1])) throw new ArgumentException("Inner edges must be strictly increasing.", nameof(edges));
        }
        if (edges[0] > edges[1] || edges[^2] > edges[^1] || edges[0] > edges[^1])
        {
            throw new ArgumentException("lo and hi must enclose the inner edges.", nameof(edges));
        }
        if (edges.Length - 1 > MaxBins)
        {
            throw new ArgumentException($"At most {MaxBins} bins.", nameof(edges));
        }
        return new BinnedHistogram(edges.ToArray(), discrete: false);
    }

    /// <summary>An empty histogram over the same bins and reference range: the shape of a current window.</summary>
    public BinnedHistogram CreateEmptyLike() => new(_edges, _discrete);

    /// <summary>
    /// True when the reference had so few distinct values (at most its bin budget) that each has a bin of its own: a
    /// flag, a small count, a rating, a constant. Such a feature is judged as categories of numbers (see
    /// <see cref="DriftCalculator"/>); its bins are what it can take, not ranges.
    /// </summary>
    public bool IsDiscrete => _discrete;

    /// <summary>Number of bins, open first and last included.</summary>
    public int BinCount => _edges.Length - 1;

    /// <summary>Counts per bin (finite values only), lowest bin first.</summary>
    public ReadOnlySpan<long> Counts => _state.AsSpan(0, BinCount);

    /// <summary>Edges <c>[lo, e_1, ..., e_{B-1}, hi]</c>; the first and last bins extend past lo and hi.</summary>
    public ReadOnlySpan<double> Edges => _edges;

    /// <summary>Lower end of the reference range; NaN when the reference had no finite value.</summary>
    public double RangeMin => _edges[0];

    /// <summary>Upper end of the reference range; NaN when the reference had no finite value.</summary>
    public double RangeMax => _edges[^1];

    /// <summary>Finite values counted in the bins.</summary>
    public long Count => State.Count;

    /// <summary>Values that were null, NaN or infinite.</summary>
    public long Missing => State.Missing;

    /// <summary>Finite values below <see cref="RangeMin"/> (also counted in the first bin).</summary>
    public long BelowRange => State.BelowRange;

    /// <summary>Finite values above <see cref="RangeMax"/> (also counted in the last bin).</summary>
    public long AboveRange => State.AboveRange;

    /// <summary>Values that arrived as a category although the feature is numeric.</summary>
    public long WrongType => State.WrongType;

    /// <summary>Everything recorded: values, missing and wrong-type.</summary>
    public long Total => Count + Missing + WrongType;

    /// <summary>Mean of the finite values; NaN when there are none.</summary>
    public double Mean => Count == 0 ? double.NaN : State.Mean;

    /// <summary>Population standard deviation (divisor n) of the finite values; NaN when there are none.</summary>
    public double StandardDeviation => Count == 0 ? double.NaN : Math.Sqrt(Math.Max(0, State.M2 / Count));

    /// <summary>Smallest finite value seen; NaN when there are none.</summary>
    public double Min => Count == 0 ? double.NaN : State.Min;

    /// <summary>Largest finite value seen; NaN when there are none.</summary>
    public double Max => Count == 0 ? double.NaN : State.Max;

    /// <summary>
    /// The mean of the values in a bin (where the Wasserstein distance places the bin's mass), kept inside the bin
    /// against rounding. An empty bin reports its midpoint, the open first and last bins closed at the reference range.
    /// </summary>
    public double BinMean(int bin)
    {
        if ((uint)bin >= (uint)BinCount) throw new ArgumentOutOfRangeException(nameof(bin), bin, null);
        if (_state[bin] == 0) return (_edges[bin] + _edges[bin + 1]) / 2;
        double mean = State.SumOf(bin) / _state[bin];
        // Bin j holds [e_j, e_{j+1}); the open ends have no bound on their outer side.
        if (bin > 0 && mean < _edges[bin]) mean = _edges[bin];
        if (bin < BinCount - 1 && mean > _edges[bin + 1]) mean = _edges[bin + 1];
        return mean;
    }

    /// <summary>Bin index of a finite value: the number of inner edges at or below it.</summary>
    public int BinOf(double value) => BinnedCounts.BinOf(_edges, value);

    /// <summary>Records one value; null-like values (NaN, ±∞) count as missing.</summary>
    public void Add(double value) => State.Add(_edges, value);

    /// <summary>Records one value into <paramref name="state"/>, counts over this histogram's bins (a slice's part).</summary>
    internal void AddTo(Span<long> state, double value) => new BinnedCounts(state, BinCount).Add(_edges, value);

    /// <summary>Adds counts over this histogram's bins (a slice's part, <see cref="BinnedCounts"/>; only read).</summary>
    internal void Add(Span<long> counts) => State.Add(new BinnedCounts(counts, BinCount));

    /// <summary>
    /// Widens the range [lo, hi] to the values counted, which then are none of them out of range: a reference whose
    /// bins were placed on its first rows takes the range of all of them. The bins (open at both ends) keep their counts.
    /// </summary>
    internal void WidenRangeToValues()
    {
        if (Count == 0) return;
        var edges = (double[])_edges.Clone();
        edges[0] = double.IsNaN(edges[0]) ? State.Min : Math.Min(edges[0], State.Min);
        edges[^1] = double.IsNaN(edges[^1]) ? State.Max : Math.Max(edges[^1], State.Max);
        _edges = edges;
        State.BelowRange = State.AboveRange = 0;
    }

    /// <summary>Records a value that was absent (null).</summary>
    public void AddMissing() => State.Missing++;

    /// <summary>Records a value that arrived as a category although the feature is numeric.</summary>
    public void AddWrongType() => State.WrongType++;

    /// <summary>Adds every count of <paramref name="other"/> (same bins) to this histogram.</summary>
    public void Add(BinnedHistogram other)
    {
        RequireSameBins(other);
        if (ReferenceEquals(other, this)) other = Clone();
        State.Add(other.State);
    }

    /// <summary>Empties the histogram, keeping its bins.</summary>
    public void Clear() => State.Clear();

    /// <summary>A deep copy (the edge array, which never changes, is shared).</summary>
    public BinnedHistogram Clone()
    {
        var copy = (BinnedHistogram)MemberwiseClone();
        copy._state = (long[])_state.Clone();
        return copy;
    }

    /// <summary>True when both histograms have the same edges, so their counts are comparable bin by bin.</summary>
    public bool HasSameBins(BinnedHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(_edges, other._edges)) return true;
        // Element-wise so that NaN edges (an empty reference) compare equal to themselves.
        return _edges.AsSpan().SequenceEqual(other._edges);
    }

    internal void RequireSameBins(BinnedHistogram other)
    {
        if (!HasSameBins(other))
        {
            throw new ArgumentException("Histograms have different bins; build the current one with CreateEmptyLike.", nameof(other));
        }
    }
}
