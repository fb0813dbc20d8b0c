using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fleet.Monitoring;

// Our own sketch: HdrHistogram's dense count arrays are KiBs each and Fleet keeps one per window bucket (~115 per model × thousands of models), so we need a sparse, log-bucketed one.
/// <summary>
/// A mergeable, subtractable latency quantile sketch (DDSketch-style) with a relative-error guarantee.
/// </summary>
/// <remarks>
/// <para>
/// Binning: a value <c>x ≥ MinIndexableValue</c> goes to bin <c>i = ceil(log_γ(x))</c> with
/// <c>γ = (1+a)/(1-a)</c>, i.e. bin <c>i</c> covers <c>(γ^(i-1), γ^i]</c>, and is reported as
/// <c>2γ^i/(γ+1)</c>, which is within relative error <c>a</c> of every value in that bin.
/// Values in <c>[0, MinIndexableValue)</c> are counted in a separate zero bin and reported as 0.
/// </para>
/// <para>
/// Layout: a dense <c>int[]</c> window of counts starting at bin <c>_offset</c>. Latency
/// distributions are contiguous in log space, so a window from the lowest to the highest non-empty bin
/// holds few empty slots, costs 4 bytes per bin (a sorted index+count pair costs 8–12) and makes
/// <see cref="Add(double)"/> a log, a subtraction and an array increment (~9 ns, allocation-free once the
/// window has settled). Measured at a = 1%: lognormal median 40 ms, σ = 0.5, 100k values → ~200 bins,
/// ~1.1 KB in total; a 300-event bucket → ~0.75 KB. Values spread from 1e-3 ms to 1e6 ms need ~1,050 bins.
/// The window never shrinks on <see cref="Subtract"/>; it is bounded by the spread of values ever seen.
/// </para>
/// <para>
/// Counts: a bin's count starts as a <c>byte</c> and the whole window is widened to <c>ushort</c>, <c>int</c>
/// and finally <c>long</c> counts the first time one bin would overflow, so totals are never wrong and a
/// bucket pays for the counts it really holds: a one-minute bucket at 10 requests/s keeps every bin under
/// 256 (1 byte a bin), an hour or a day under 65,536 (2 bytes), where every bin used to cost 4.
/// Fleet keeps ~115 sketches per model, so this halves to quarters the largest part of a model's memory.
/// <see cref="Count"/> is always a <c>long</c>.
/// </para>
/// <para>Not thread-safe: the owning grain serialises access.</para>
/// </remarks>
[GenerateSerializer]
public sealed class LatencySketch
{
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values below this (1 µs when values are milliseconds) are counted in the zero bin and reported as 0.</summary>
    public const double MinIndexableValue = 1e-3;

    /// <summary>Smallest accepted relative accuracy; finer accuracies make the dense window needlessly large.</summary>
    public const double MinRelativeAccuracy = 1e-4;

    /// <summary>Largest accepted relative accuracy.</summary>
    public const double MaxRelativeAccuracy = 0.5;

    private const int InitialBins = 32;

    // Grow by 1/8 (at least 16 bins): still geometric, so Add is amortised O(1), but a settled window keeps
    // little slack (measured: lognormal σ=0.5 fits in ~1.1 KB vs ~1.4 KB when growing by 1/2).
    private const int MinGrowthBins = 16;
    private const int GrowthDivisor = 8;

    // Everything, including the derived γ terms, is serialised, so a deserialised instance is complete
    // however Orleans' codegen chose to construct it.
    [Id(0)] private double _relativeAccuracy;
    [Id(1)] private double _logGamma;         // ln γ
    [Id(2)] private double _indexMultiplier;  // 1 / ln γ
    [Id(3)] private int _offset;              // bin index held in slot 0 of the count array
    // The dense window of counts, in exactly one of four widths (all null while no bin was ever used).
    [Id(10)] private byte[]? _byteCounts;
    [Id(11)] private ushort[]? _shortCounts;
    [Id(4)] private int[]? _counts;
    [Id(5)] private long[]? _wideCounts;
    [Id(6)] private long _zeroCount;
    [Id(7)] private long _count;
    [Id(8)] private double _min = double.PositiveInfinity;
    [Id(9)] private double _max = double.NegativeInfinity;

    public LatencySketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy >= MinRelativeAccuracy && relativeAccuracy <= MaxRelativeAccuracy))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy,
                $"Relative accuracy must be in [{MinRelativeAccuracy}, {MaxRelativeAccuracy}].");
        }

        _relativeAccuracy = relativeAccuracy;
        double gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(gamma);
        _indexMultiplier = 1 / _logGamma;
    }

    /// <summary>The relative-error bound <c>a</c> of <see cref="Quantile"/>.</summary>
    public double RelativeAccuracy => _relativeAccuracy;

    /// <summary>Total number of recorded values.</summary>
    public long Count => _count;

    /// <summary>
    /// Smallest recorded value (exact after Add/Merge; NaN when empty). After <see cref="Subtract"/> it is a
    /// lower bound: the true minimum of what remains is ≥ Min and lies in the same bin as Min or above.
    /// </summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>
    /// Largest recorded value (exact after Add/Merge; NaN when empty). After <see cref="Subtract"/> it is an
    /// upper bound: the true maximum of what remains is ≤ Max and lies in the same bin as Max or below.
    /// </summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Number of non-empty bins, counting the zero bin.</summary>
    public int NonEmptyBins
    {
        get
        {
            int n = _zeroCount > 0 ? 1 : 0;
            return n + (_byteCounts is { } b ? NonZero(b) : _shortCounts is { } h ? NonZero(h)
                : _counts is { } c ? NonZero(c) : _wideCounts is { } w ? NonZero(w) : 0);
        }
    }

    /// <summary>Approximate retained heap bytes of this instance: object plus its count array (x64 layout).</summary>
    public long EstimatedBytes
    {
        get
        {
            // Object: 16 header/method-table + 5 doubles + 2 longs + 4 refs + 1 int = 108 → 112 bytes.
            const long objectBytes = 112;
            // Arrays: 16 header/method-table + 8 length, payload padded to 8 bytes.
            static long ArrayBytes(long payload) => 24 + ((payload + 7) & ~7L);
            if (_byteCounts is { } b) return objectBytes + ArrayBytes(b.Length);
            if (_shortCounts is { } h) return objectBytes + ArrayBytes(h.Length * 2L);
            if (_counts is { } c) return objectBytes + ArrayBytes(c.Length * 4L);
            if (_wideCounts is { } w) return objectBytes + ArrayBytes(w.Length * 8L);
            return objectBytes;
        }
    }

    /// <summary>Records one occurrence of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value) => Add(value, 1);

    /// <summary>Records <paramref name="count"/> occurrences of <paramref name="value"/> (finite, ≥ 0).</summary>
    public void Add(double value, long count)
    {
        if (!(value >= 0 && value <= double.MaxValue)) // also rejects NaN
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Value must be finite and non-negative.");
        }
        if (count <= 0)
        {
            if (count == 0) return;
            throw new ArgumentOutOfRangeException(nameof(count), count, "Count must be non-negative.");
        }

        if (value < MinIndexableValue)
        {
            _zeroCount += count;
        }
        else
        {
            int index = IndexOf(value);
            int slot = index - _offset;
            // Hot path: one at a time into a bin inside the window that does not overflow. Everything else is rare.
            if (count == 1 && _byteCounts is { } bytes && (uint)slot < (uint)bytes.Length && bytes[slot] < byte.MaxValue)
            {
                bytes[slot]++;
            }
            else if (count == 1 && _shortCounts is { } shorts && (uint)slot < (uint)shorts.Length && shorts[slot] < ushort.MaxValue)
            {
                shorts[slot]++;
            }
            else if (count == 1 && _counts is { } ints && (uint)slot < (uint)ints.Length && ints[slot] < int.MaxValue)
            {
                ints[slot]++;
            }
            else
            {
                AddToBinSlow(index, count);
            }
        }

        _count = checked(_count + count);
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Adds all of <paramref name="other"/>'s values to this sketch. Accuracies must match.</summary>
    public void Merge(LatencySketch other)
    {
        RequireCompatible(other);
        if (other._count == 0) return;
        if (ReferenceEquals(other, this)) other = Clone();

        if (other.TryGetBinRange(out int lo, out int hi))
        {
            EnsureRange(lo, hi);
            for (int index = lo; index <= hi; index++)
            {
                long c = other.CountAt(index);
                if (c != 0) AddToBinSlow(index, c); // range is already covered, so this only adds (or promotes)
            }
        }

        _zeroCount += other._zeroCount;
        _count = checked(_count + other._count);
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>
    /// Removes counts previously merged in from <paramref name="other"/> (used to slide a window aggregate).
    /// Throws <see cref="InvalidOperationException"/>, leaving this sketch unchanged, if any bin would go
    /// negative. Min/Max become bounds, tightened to the edges of the remaining non-empty bins.
    /// </summary>
    public void Subtract(LatencySketch other)
    {
        RequireCompatible(other);
        if (other._count == 0) return;
        if (ReferenceEquals(other, this))
        {
            Clear();
            return;
        }

        // Validate everything first so a failed Subtract does not leave a half-updated aggregate.
        bool hasBins = other.TryGetBinRange(out int lo, out int hi);
        bool fits = other._count <= _count && other._zeroCount <= _zeroCount;
        for (int index = lo; fits && hasBins && index <= hi; index++)
        {
            fits = other.CountAt(index) <= CountAt(index);
        }
        if (!fits)
        {
            throw new InvalidOperationException(
                "Cannot subtract a sketch whose counts were not merged into this one: a count would go negative.");
        }

        for (int index = lo; hasBins && index <= hi; index++)
        {
            long c = other.CountAt(index);
            if (c == 0) continue;
            int slot = index - _offset;
            if (_byteCounts is { } b) b[slot] -= (byte)c;
            else if (_shortCounts is { } h) h[slot] -= (ushort)c;
            else if (_counts is { } counts) counts[slot] -= (int)c;
            else _wideCounts![slot] -= c;
        }
        _zeroCount -= other._zeroCount;
        _count -= other._count;

        if (_count == 0)
        {
            ResetBounds();
            return;
        }
        // Removed values may have been the extremes; the remaining ones lie within the non-empty bins.
        if (TryGetBinRange(out int newLo, out int newHi))
        {
            _max = Math.Min(_max, BinUpperBound(newHi));
            if (_zeroCount == 0) _min = Math.Max(_min, BinUpperBound(newLo - 1));
        }
        else
        {
            _max = Math.Min(_max, MinIndexableValue); // only the zero bin remains
        }
    }

    /// <summary>Empties the sketch, keeping its count array so a reused sketch does not reallocate.</summary>
    public void Clear()
    {
        if (_byteCounts is not null) Array.Clear(_byteCounts);
        if (_shortCounts is not null) Array.Clear(_shortCounts);
        if (_counts is not null) Array.Clear(_counts);
        if (_wideCounts is not null) Array.Clear(_wideCounts);
        _zeroCount = 0;
        _count = 0;
        ResetBounds();
    }

    /// <summary>A deep copy of this sketch.</summary>
    public LatencySketch Clone()
    {
        var copy = (LatencySketch)MemberwiseClone();
        copy._byteCounts = (byte[]?)_byteCounts?.Clone();
        copy._shortCounts = (ushort[]?)_shortCounts?.Clone();
        copy._counts = (int[]?)_counts?.Clone();
        copy._wideCounts = (long[]?)_wideCounts?.Clone();
        return copy;
    }

    /// <summary>
    /// Estimates the <paramref name="q"/>-quantile, q ∈ [0, 1]; NaN when empty.
    /// </summary>
    /// <remarks>
    /// Definition: with n values sorted ascending (0-based), let <c>exact</c> be the value at rank
    /// <c>floor(q·(n−1))</c>. If <c>exact ≥ MinIndexableValue</c> the estimate is within relative error
    /// <see cref="RelativeAccuracy"/> of it, i.e. <c>|estimate − exact| ≤ a·exact</c>; if it is below, the
    /// estimate is 0. Estimates are clamped to [Min, Max], which only moves them closer to the exact value.
    /// </remarks>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        }
        if (_count == 0) return double.NaN;

        long rank = (long)Math.Floor(q * (_count - 1));
        if (rank < _zeroCount) return 0;

        long seen = _zeroCount;
        int at = _byteCounts is { } b ? SlotOfRank(b, rank, seen) : _shortCounts is { } h ? SlotOfRank(h, rank, seen)
            : _counts is { } c ? SlotOfRank(c, rank, seen) : _wideCounts is { } w ? SlotOfRank(w, rank, seen) : -1;
        return at >= 0 ? Clamp(BinValue(_offset + at)) : _max; // -1 is unreachable while counts are consistent
    }

    /// <summary>Non-empty bins as (bin index, count), ascending, excluding the zero bin. For tests and diagnostics.</summary>
    internal IReadOnlyList<(int Index, long Count)> GetBins()
    {
        var bins = new List<(int, long)>();
        if (TryGetBinRange(out int lo, out int hi))
        {
            for (int index = lo; index <= hi; index++)
            {
                long c = CountAt(index);
                if (c != 0) bins.Add((index, c));
            }
        }
        return bins;
    }

    internal long ZeroCount => _zeroCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(double value) => (int)Math.Ceiling(Math.Log(value) * _indexMultiplier);

    // Representative value of bin i: 2γ^i/(γ+1), the point equidistant (relatively) from both bin edges.
    private double BinValue(int index) => 2 * Math.Exp(index * _logGamma) / (1 + Math.Exp(_logGamma));

    private double BinUpperBound(int index) => Math.Exp(index * _logGamma);

    // Not Math.Clamp: it throws if bounds cross, and after Subtract they are float-rounded bin edges.
    private double Clamp(double estimate) => estimate < _min ? _min : estimate > _max ? _max : estimate;

    private void ResetBounds()
    {
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    private void RequireCompatible(LatencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._relativeAccuracy != _relativeAccuracy)
        {
            throw new ArgumentException(
                $"Relative accuracies differ ({other._relativeAccuracy} vs {_relativeAccuracy}).", nameof(other));
        }
    }

    private long CountAt(int index)
    {
        int slot = index - _offset;
        if (_byteCounts is { } b) return (uint)slot < (uint)b.Length ? b[slot] : 0;
        if (_shortCounts is { } h) return (uint)slot < (uint)h.Length ? h[slot] : 0;
        if (_counts is { } c) return (uint)slot < (uint)c.Length ? c[slot] : 0;
        if (_wideCounts is { } w) return (uint)slot < (uint)w.Length ? w[slot] : 0;
        return 0;
    }

    /// <summary>Lowest and highest non-empty (non-zero-bin) bin indexes; false if there are none.</summary>
    private bool TryGetBinRange(out int lo, out int hi)
    {
        lo = hi = 0;
        int first, last;
        if (_byteCounts is { } b) (first, last) = NonZeroRange(b);
        else if (_shortCounts is { } h) (first, last) = NonZeroRange(h);
        else if (_counts is { } c) (first, last) = NonZeroRange(c);
        else if (_wideCounts is { } w) (first, last) = NonZeroRange(w);
        else return false;
        if (first < 0) return false;
        lo = _offset + first;
        hi = _offset + last;
        return true;
    }

    private void AddToBinSlow(int index, long count)
    {
        EnsureRange(index, index);
        int slot = index - _offset;
        long sum = checked(CountAt(index) + count);
        // Widen until the new count fits (see class remarks); each width is reached once per sketch.
        while (true)
        {
            if (_byteCounts is { } b)
            {
                if (sum <= byte.MaxValue) { b[slot] = (byte)sum; return; }
                _shortCounts = Array.ConvertAll(b, c => (ushort)c);
                _byteCounts = null;
            }
            else if (_shortCounts is { } h)
            {
                if (sum <= ushort.MaxValue) { h[slot] = (ushort)sum; return; }
                _counts = Array.ConvertAll(h, c => (int)c);
                _shortCounts = null;
            }
            else if (_counts is { } c)
            {
                if (sum <= int.MaxValue) { c[slot] = (int)sum; return; }
                _wideCounts = Array.ConvertAll(c, v => (long)v);
                _counts = null;
            }
            else
            {
                _wideCounts![slot] = sum;
                return;
            }
        }
    }

    /// <summary>Grows the window to cover bins [lo, hi]; growth is geometric so Add is amortised O(1).</summary>
    private void EnsureRange(int lo, int hi)
    {
        if (_shortCounts is not null) _shortCounts = Cover(_shortCounts, ref _offset, lo, hi);
        else if (_counts is not null) _counts = Cover(_counts, ref _offset, lo, hi);
        else if (_wideCounts is not null) _wideCounts = Cover(_wideCounts, ref _offset, lo, hi);
        else _byteCounts = Cover(_byteCounts, ref _offset, lo, hi); // a new window starts with byte counts
    }

    private static int NonZero<T>(T[] counts) where T : struct, IBinaryInteger<T>
    {
        int n = 0;
        foreach (T c in counts) n += T.IsZero(c) ? 0 : 1;
        return n;
    }

    private static (int First, int Last) NonZeroRange<T>(T[] counts) where T : struct, IBinaryInteger<T> =>
        (counts.AsSpan().IndexOfAnyExcept(T.Zero), counts.AsSpan().LastIndexOfAnyExcept(T.Zero)); // vectorised scans

    /// <summary>The slot where the running count (from <paramref name="seen"/>) first passes <paramref name="rank"/>; -1 if none.</summary>
    private static int SlotOfRank<T>(T[] counts, long rank, long seen) where T : struct, IBinaryInteger<T>
    {
        for (int slot = 0; slot < counts.Length; slot++)
        {
            seen += long.CreateTruncating(counts[slot]);
            if (seen > rank) return slot;
        }
        return -1;
    }

    private static T[] Cover<T>(T[]? array, ref int offset, int lo, int hi) where T : struct
    {
        if (array is null)
        {
            // First bin: centre a small window on it; latencies spread both ways from the first sample.
            int length = Math.Max(InitialBins, hi - lo + 1);
            offset = lo - (length - (hi - lo + 1)) / 2;
            return new T[length];
        }

        int oldLo = offset, oldHi = offset + array.Length - 1;
        if (lo >= oldLo && hi <= oldHi) return array;

        int newLo = Math.Min(lo, oldLo), newHi = Math.Max(hi, oldHi);
        int needed = newHi - newLo + 1;
        int slack = Math.Max(needed, array.Length + Math.Max(MinGrowthBins, array.Length / GrowthDivisor)) - needed;
        // Put the slack on the side(s) that had to grow: that is where the distribution is spreading.
        if (lo < oldLo && hi > oldHi) newLo -= slack / 2;
        else if (lo < oldLo) newLo -= slack;

        var grown = new T[needed + slack];
        Array.Copy(array, 0, grown, oldLo - newLo, array.Length);
        offset = newLo;
        return grown;
    }
}
