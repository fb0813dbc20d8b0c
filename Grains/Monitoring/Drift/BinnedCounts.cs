namespace Fleet.Monitoring.Drift;

/// <summary>
/// What a <see cref="BinnedHistogram"/> counts, laid out in one run of longs so a histogram and a drift slice
/// (<see cref="DriftSlice"/>, many histograms in one array) keep it alike and share one arithmetic, bit for bit:
/// the <c>B</c> bins' counts, their sums, then count, missing, below range, above range, wrong type, mean, M2, min and
/// max. Doubles are kept as their bits (<see cref="BitConverter.DoubleToInt64Bits"/>: exact both ways).
/// </summary>
internal readonly ref struct BinnedCounts
{
    /// <summary>Longs the counts of <paramref name="bins"/> bins take.</summary>
    public static int Length(int bins) => 2 * bins + 9;

    private readonly Span<long> _state;
    private readonly int _bins;

    public BinnedCounts(Span<long> state, int bins)
    {
        _state = state;
        _bins = bins;
    }

    /// <summary>Empties the counts: zeros, and min/max at +∞/−∞ so the first value sets them.</summary>
    public void Clear()
    {
        _state.Clear();
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    public ReadOnlySpan<long> Counts => _state[.._bins];
    public double SumOf(int bin) => BitConverter.Int64BitsToDouble(_state[_bins + bin]);
    public ref long Count => ref _state[2 * _bins];
    public ref long Missing => ref _state[2 * _bins + 1];
    public ref long BelowRange => ref _state[2 * _bins + 2];
    public ref long AboveRange => ref _state[2 * _bins + 3];
    public ref long WrongType => ref _state[2 * _bins + 4];
    public double Mean { get => Get(5); set => Set(5, value); }
    public double M2 { get => Get(6); set => Set(6, value); }
    public double Min { get => Get(7); set => Set(7, value); }
    public double Max { get => Get(8); set => Set(8, value); }

    /// <summary>Records one value over <paramref name="edges"/> (<c>[lo, e_1, ..., e_{B-1}, hi]</c>); NaN and ±∞ count as missing.</summary>
    public void Add(ReadOnlySpan<double> edges, double value)
    {
        if (!double.IsFinite(value))
        {
            Missing++;
            return;
        }

        int bin = BinOf(edges, value);
        _state[bin]++;
        AddToSum(bin, value);
        if (value < edges[0]) BelowRange++;
        else if (value > edges[^1]) AboveRange++;

        Count++;
        double delta = value - Mean;
        Mean += delta / Count;
        M2 += delta * (value - Mean);
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }

    /// <summary>Adds counts over the same bins (moments merged with Chan et al.'s formula).</summary>
    public void Add(BinnedCounts other)
    {
        for (int i = 0; i < _bins; i++)
        {
            _state[i] += other._state[i];
            AddToSum(i, other.SumOf(i));
        }
        MergeMoments(other.Count, other.Mean, other.M2);
        Count += other.Count;
        Missing += other.Missing;
        BelowRange += other.BelowRange;
        AboveRange += other.AboveRange;
        WrongType += other.WrongType;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>Bin index of a finite value: the number of inner edges at or below it.</summary>
    public static int BinOf(ReadOnlySpan<double> edges, double value)
    {
        // Binary search over the inner edges e_1..e_{B-1} (indexes 1..B-1 of edges).
        int lo = 1, hi = edges.Length - 2;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= value) lo = mid + 1;
            else hi = mid - 1;
        }
        return lo - 1;
    }

    private double Get(int field) => BitConverter.Int64BitsToDouble(_state[2 * _bins + field]);

    private void Set(int field, double value) => _state[2 * _bins + field] = BitConverter.DoubleToInt64Bits(value);

    private void AddToSum(int bin, double value) => _state[_bins + bin] = BitConverter.DoubleToInt64Bits(SumOf(bin) + value);

    private void MergeMoments(long n2, double mean2, double m22)
    {
        if (n2 == 0) return;
        if (Count == 0)
        {
            Mean = mean2;
            M2 = m22;
            return;
        }
        long n = Count + n2;
        double delta = mean2 - Mean;
        Mean += delta * n2 / n;
        M2 += m22 + delta * delta * Count * n2 / n;
    }
}
