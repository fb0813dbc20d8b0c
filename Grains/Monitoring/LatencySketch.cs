using System.Collections.Concurrent;
using System.Diagnostics;
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
/// Layout: a dense window of counts (one array) starting at bin <c>_offset</c>. Latency
/// distributions are contiguous in log space, so a window from the lowest to the highest non-empty bin
/// holds few empty slots, costs 1–8 bytes per bin (see Counts; a sorted index+count pair costs 8–12) and makes
/// <see cref="Add(double)"/> a log, a subtraction and an array increment (~9 ns, allocation-free once the
/// window has settled). Measured at a = 1%: lognormal median 40 ms, σ = 0.5, 100k values → ~200 bins,
/// ~1.1 KB in total; a 300-event bucket → ~0.75 KB. Values spread from 1e-3 ms to 1e6 ms need ~1,050 bins.
/// The window is bounded by the spread of values ever seen.
/// </para>
/// <para>
/// Counts: a bin's count starts as a <c>byte</c> and the whole window is widened to <c>ushort</c>, <c>int</c>
/// and finally <c>long</c> counts the first time one bin would overflow, so totals are never wrong and a
/// bucket pays for the counts it really holds: a one-minute bucket at 10 requests/s keeps every bin under
/// 256 (1 byte a bin), an hour or a day under 65,536 (2 bytes), where int counts would cost 4.
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

    // A model holds ~115 sketches, so every field here is paid ~115 times per model: the accuracy-derived
    // constants live once per accuracy in a shared Mapping, and the counts in one array of whichever width
    // they have (byte[], ushort[], int[] or long[]; its exact type is the width, so nothing can disagree with it).
    // Object: 16 header/method-table + 2 refs + 2 longs + 2 doubles + 1 int = 68 → 72 bytes (was 112).
    [NonSerialized] private Mapping _mapping;
    [NonSerialized] private Array? _counts;   // the dense window of counts; null while no bin was ever used
    [Id(3)] private int _offset;              // bin index held in slot 0 of the count array
    [Id(6)] private long _zeroCount;
    [Id(7)] private long _count;
    [Id(8)] private double _min = double.PositiveInfinity;
    [Id(9)] private double _max = double.NegativeInfinity;

    /// <summary>
    /// The relative accuracy of the default sketch's bins merged 2^<paramref name="halvings"/> neighbours at a time, as a
    /// Prometheus native histogram lowers its schema: γ' = γ^(2^halvings), so every coarse bin is exactly a run of
    /// default bins and a value's coarse bin is its default bin index divided by 2^halvings, rounded up. 1 halving:
    /// 2a/(1+a²) ≈ 1.9998 % for a = 1 %; 2 halvings ≈ 3.998 %.
    /// </summary>
    public static double MergedBinsAccuracy(int halvings) => Mapping.Merged(halvings).RelativeAccuracy;

    public LatencySketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy >= MinRelativeAccuracy && relativeAccuracy <= MaxRelativeAccuracy))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy,
                $"Relative accuracy must be in [{MinRelativeAccuracy}, {MaxRelativeAccuracy}].");
        }
        _mapping = Mapping.For(relativeAccuracy);
    }

    // ---- checkpoint shape ----------------------------------------------------------------------------------
    // The accuracy and one count array per width (at most one non-null), read and written through these
    // properties. Orleans may build the instance without running the constructor; every field is restored from
    // the checkpoint, the mapping from Id 0. Internal, not private: Orleans' generated code calls a property's
    // accessors directly (it reaches private fields, not properties).

    [Id(0)]
    internal double SerializedRelativeAccuracy
    {
        get => _mapping.RelativeAccuracy;
        set => _mapping = Mapping.For(value);
    }

    // A null array on the wire stands for "not this width"; only the non-null one becomes the counts.
    [Id(10)]
    internal byte[]? SerializedByteCounts
    {
        get => _counts as byte[];
        set { if (value is not null) _counts = value; }
    }

    [Id(11)]
    internal ushort[]? SerializedShortCounts
    {
        get => _counts as ushort[];
        set { if (value is not null) _counts = value; }
    }

    [Id(4)]
    internal int[]? SerializedIntCounts
    {
        get => _counts as int[];
        set { if (value is not null) _counts = value; }
    }

    [Id(5)]
    internal long[]? SerializedLongCounts
    {
        get => _counts as long[];
        set { if (value is not null) _counts = value; }
    }

    /// <summary>The relative-error bound <c>a</c> of <see cref="Quantile"/>.</summary>
    public double RelativeAccuracy => _mapping.RelativeAccuracy;

    /// <summary>Total number of recorded values.</summary>
    public long Count => _count;

    /// <summary>
    /// Smallest recorded value (exact; NaN when empty).
    /// </summary>
    public double Min => _count == 0 ? double.NaN : _min;

    /// <summary>
    /// Largest recorded value (exact; NaN when empty).
    /// </summary>
    public double Max => _count == 0 ? double.NaN : _max;

    /// <summary>Number of non-empty bins, counting the zero bin.</summary>
    public int NonEmptyBins
    {
        get
        {
            int n = _zeroCount > 0 ? 1 : 0;
            return n + _counts switch
            {
                byte[] b => NonZero(b),
                ushort[] h => NonZero(h),
                int[] c => NonZero(c),
                long[] w => NonZero(w),
                _ => 0,
            };
        }
    }

    /// <summary>Approximate retained heap bytes of this instance: object plus its count array (x64 layout).</summary>
    public long EstimatedBytes
    {
        get
        {
            // Object: see the field comment. The mapping is shared by all sketches of an accuracy, so not counted.
            const long objectBytes = 72;
            if (_counts is not { } counts) return objectBytes;
            // Array: 16 header/method-table + 8 length, payload padded to 8 bytes.
            return objectBytes + 24 + ((Buffer.ByteLength(counts) + 7L) & ~7L);
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
            // Hot path: one at a time into a bin inside the window that does not overflow. Everything else is rare.
            if (count != 1 || !TryIncrement(index - _offset)) AddToBinSlow(index, count);
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
            switch (other._counts)
            {
                case byte[] b: MergeCounts(b, other._offset, lo, hi); break;
                case ushort[] h: MergeCounts(h, other._offset, lo, hi); break;
                case int[] c: MergeCounts(c, other._offset, lo, hi); break;
                case long[] w: MergeCounts(w, other._offset, lo, hi); break;
            }
        }

        _zeroCount += other._zeroCount;
        _count = checked(_count + other._count);
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <summary>Empties the sketch, keeping its count array so a reused sketch does not reallocate.</summary>
    public void Clear()
    {
        if (_counts is not null) Array.Clear(_counts);
        _zeroCount = 0;
        _count = 0;
        ResetBounds();
    }

    /// <summary>A deep copy of this sketch.</summary>
    public LatencySketch Clone()
    {
        var copy = (LatencySketch)MemberwiseClone(); // the mapping is immutable and shared
        copy._counts = (Array?)_counts?.Clone();
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
        int at = _counts switch
        {
            byte[] b => SlotOfRank(b, rank, seen),
            ushort[] h => SlotOfRank(h, rank, seen),
            int[] c => SlotOfRank(c, rank, seen),
            long[] w => SlotOfRank(w, rank, seen),
            _ => -1,
        };
        return at >= 0 ? Clamp(BinValue(_offset + at)) : _max; // -1 is unreachable while counts are consistent
    }

    /// <summary>
    /// Takes back out a part merged (or added value by value) earlier: a window's oldest bucket leaving it. The counts
    /// are then exactly those of the remaining parts' merge, but Min and Max only bound them: a caller that subtracts
    /// asks with bounds of its own (<see cref="QuantileWithin"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A bin of <paramref name="part"/> holds more than this sketch's.</exception>
    public void Subtract(LatencySketch part)
    {
        RequireCompatible(part);
        if (part._count == 0) return;
        if (part._count > _count || part._zeroCount > _zeroCount) throw NotAPart();
        if (part.TryGetBinRange(out int lo, out int hi))
        {
            // Checked whole before any bin changes, so a refused subtraction leaves the sketch as it was.
            for (int index = lo; index <= hi; index++)
            {
                if (CountAt(index) < part.CountAt(index)) throw NotAPart(); // CountAt is 0 outside this sketch's window
            }
            for (int index = lo; index <= hi; index++)
            {
                long taken = part.CountAt(index);
                if (taken != 0) StoreAt(index - _offset, CountAt(index) - taken);
            }
        }
        _zeroCount -= part._zeroCount;
        _count -= part._count;
    }

    private static InvalidOperationException NotAPart() => new("Subtracting values this sketch does not hold.");

    /// <summary>
    /// <see cref="Quantile"/> clamped to [<paramref name="min"/>, <paramref name="max"/>] instead of this sketch's own
    /// bounds (after <see cref="Subtract"/> those are loose), found from the top down: a P95 judged after every batch
    /// reads the upper few percent of the bins, skipping empty ones by vectorised scans. The same bits as Quantile
    /// with the same bounds: its bin is the lowest whose count from below passes the rank, which is the highest whose
    /// count from above reaches count − rank.
    /// </summary>
    public double QuantileWithin(double q, double min, double max)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        }
        if (_count == 0) return double.NaN;

        long rank = (long)Math.Floor(q * (_count - 1));
        if (rank < _zeroCount) return 0;
        long needed = _count - rank;
        int at = _counts switch
        {
            byte[] b => SlotFromTop(b, needed),
            ushort[] h => SlotFromTop(h, needed),
            int[] c => SlotFromTop(c, needed),
            long[] w => SlotFromTop(w, needed),
            _ => -1,
        };
        return at >= 0 ? Clamp(BinValue(_offset + at), min, max) : max; // -1 is unreachable while counts are consistent
    }

    /// <summary>The highest slot whose count from above reaches <paramref name="needed"/>; -1 if none.</summary>
    private static int SlotFromTop<T>(T[] counts, long needed) where T : struct, IBinaryInteger<T>
    {
        long held = 0;
        var end = counts.Length;
        while (true)
        {
            var slot = counts.AsSpan(0, end).LastIndexOfAnyExcept(T.Zero);
            if (slot < 0) return -1;
            held += long.CreateTruncating(counts[slot]);
            if (held >= needed) return slot;
            end = slot;
        }
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
    // The multiplier is read before Math.Log is called, not after: reading it through the shared mapping once
    // the log returns put two dependent loads on Add's critical path (+3 ns an Add, measured in-process).
    private int IndexOf(double value) => IndexOf(value, _mapping.IndexMultiplier);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf(double value, double multiplier) => (int)Math.Ceiling(Math.Log(value) * multiplier);

    // Representative value of bin i: 2γ^i/(γ+1), the point equidistant (relatively) from both bin edges.
    private double BinValue(int index) => 2 * Math.Exp(index * _mapping.LogGamma) / (1 + Math.Exp(_mapping.LogGamma));

    private double Clamp(double estimate) => Clamp(estimate, _min, _max);

    private static double Clamp(double estimate, double min, double max) => estimate < min ? min : estimate > max ? max : estimate;

    private void ResetBounds()
    {
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    private void RequireCompatible(LatencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException(
                $"Relative accuracies differ ({other.RelativeAccuracy} vs {RelativeAccuracy}).", nameof(other));
        }
    }

    // Per-value and per-bin paths tell the width by the array's exact type, one method-table compare each:
    // a type pattern (`is byte[]`) calls a cast helper on every miss, since the runtime lets byte[] and sbyte[]
    // (ushort[] and short[], ...) cast to each other. After the compare, Unsafe.As is an exact, checked cast.

    /// <summary>Adds one to the bin in <paramref name="slot"/> if it is in the window and not full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryIncrement(int slot)
    {
        if (_counts is not { } counts) return false;
        if (counts.GetType() == typeof(byte[])) return TryIncrement(Unsafe.As<byte[]>(counts), slot);
        if (counts.GetType() == typeof(ushort[])) return TryIncrement(Unsafe.As<ushort[]>(counts), slot);
        if (counts.GetType() == typeof(int[])) return TryIncrement(Unsafe.As<int[]>(counts), slot);
        return false; // long counts: a bin past 2^31 values, left to the slow path
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIncrement<T>(T[] counts, int slot) where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        if ((uint)slot >= (uint)counts.Length) return false;
        ref T count = ref counts[slot];
        if (count == T.MaxValue) return false;
        count++;
        return true;
    }

    private long CountAt(int index)
    {
        int slot = index - _offset;
        if (_counts is not { } counts || (uint)slot >= (uint)counts.Length) return 0;
        if (counts.GetType() == typeof(byte[])) return Unsafe.As<byte[]>(counts)[slot];
        if (counts.GetType() == typeof(ushort[])) return Unsafe.As<ushort[]>(counts)[slot];
        if (counts.GetType() == typeof(int[])) return Unsafe.As<int[]>(counts)[slot];
        return ((long[])counts)[slot];
    }

    /// <summary>Sets a bin inside the window to a count that fits the current width.</summary>
    private void StoreAt(int slot, long count)
    {
        Array counts = _counts!;
        if (counts.GetType() == typeof(byte[])) Unsafe.As<byte[]>(counts)[slot] = (byte)count;
        else if (counts.GetType() == typeof(ushort[])) Unsafe.As<ushort[]>(counts)[slot] = (ushort)count;
        else if (counts.GetType() == typeof(int[])) Unsafe.As<int[]>(counts)[slot] = (int)count;
        else ((long[])counts)[slot] = count;
    }

    /// <summary>The largest count one bin can hold at the current width.</summary>
    private long MaxCount
    {
        get
        {
            if (_counts is not { } counts) return 0;
            return counts.GetType() == typeof(byte[]) ? byte.MaxValue : counts.GetType() == typeof(ushort[]) ? ushort.MaxValue
                : counts.GetType() == typeof(int[]) ? int.MaxValue : long.MaxValue;
        }
    }

    /// <summary>Lowest and highest non-empty (non-zero-bin) bin indexes; false if there are none.</summary>
    private bool TryGetBinRange(out int lo, out int hi)
    {
        lo = hi = 0;
        (int first, int last) = _counts switch
        {
            byte[] b => NonZeroRange(b),
            ushort[] h => NonZeroRange(h),
            int[] c => NonZeroRange(c),
            long[] w => NonZeroRange(w),
            _ => (-1, -1),
        };
        if (first < 0) return false;
        lo = _offset + first;
        hi = _offset + last;
        return true;
    }

    private void AddToBinSlow(int index, long count)
    {
        EnsureRange(index, index);
        long sum = checked(CountAt(index) + count);
        while (sum > MaxCount) Widen();
        StoreAt(index - _offset, sum);
    }

    /// <summary>Adds <paramref name="source"/>'s bins [lo, hi] (all inside this window) to this sketch's.</summary>
    // Merging is a window's hot path (a window answer merges up to 60 buckets), so the bins are added in a
    // loop specialised for both widths rather than one width test per bin.
    private void MergeCounts<TSource>(TSource[] source, int sourceOffset, int lo, int hi)
        where TSource : struct, IBinaryInteger<TSource>
    {
        int index = lo;
        while (true)
        {
            index = _counts switch
            {
                byte[] b => AddCounts(b, _offset, source, sourceOffset, index, hi),
                ushort[] h => AddCounts(h, _offset, source, sourceOffset, index, hi),
                int[] c => AddCounts(c, _offset, source, sourceOffset, index, hi),
                long[] w => AddCounts(w, _offset, source, sourceOffset, index, hi),
                _ => throw new UnreachableException("the window covers [lo, hi]"),
            };
            if (index > hi) return;
            Widen(); // bin `index` does not fit this width: widen, then go on from it
        }
    }

    /// <summary>Adds bins [lo, hi] at this width; returns the first bin whose sum does not fit it, or hi + 1.</summary>
    private static int AddCounts<T, TSource>(T[] target, int targetOffset, TSource[] source, int sourceOffset, int lo, int hi)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
        where TSource : struct, IBinaryInteger<TSource>
    {
        for (int index = lo; index <= hi; index++)
        {
            long count = long.CreateTruncating(source[index - sourceOffset]);
            if (count == 0) continue;
            ref T bin = ref target[index - targetOffset];
            long sum = checked(long.CreateTruncating(bin) + count);
            if (sum > long.CreateTruncating(T.MaxValue)) return index;
            bin = T.CreateTruncating(sum);
        }
        return hi + 1;
    }

    /// <summary>Moves the counts to the next wider width (see class remarks); each width is reached once per sketch.</summary>
    private void Widen() => _counts = _counts switch
    {
        byte[] b => Array.ConvertAll(b, c => (ushort)c),
        ushort[] h => Array.ConvertAll(h, c => (int)c),
        int[] c => Array.ConvertAll(c, v => (long)v),
        _ => throw new UnreachableException("long counts hold any sum"),
    };

    /// <summary>Grows the window to cover bins [lo, hi]; growth is geometric so Add is amortised O(1).</summary>
    private void EnsureRange(int lo, int hi)
    {
        if (_counts is { } counts && lo >= _offset && hi - _offset < counts.Length) return; // Merge covers first
        _counts = _counts switch
        {
            ushort[] h => Cover(h, ref _offset, lo, hi),
            int[] c => Cover(c, ref _offset, lo, hi),
            long[] w => Cover(w, ref _offset, lo, hi),
            byte[] b => Cover(b, ref _offset, lo, hi),
            _ => Cover<byte>(null, ref _offset, lo, hi), // a new window starts with byte counts
        };
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
        // From the first non-empty slot (a vectorised scan): a reused merge sketch spans every window it ever merged.
        for (int slot = Math.Max(0, counts.AsSpan().IndexOfAnyExcept(T.Zero)); slot < counts.Length; slot++)
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

    /// <summary>The constants of one relative accuracy, computed once and shared by every sketch of that accuracy.</summary>
    private sealed class Mapping
    {
        private const int MaxHalvings = 4;

        private static readonly Mapping Default = new(DefaultRelativeAccuracy);

        // The default's bins merged 2, 4, ... at a time. ln γ is the default's times a power of two, which floating point
        // multiplies exactly, so a value's coarse index is exactly its default index divided and rounded up.
        private static readonly Mapping[] MergedDefaults =
            [Default, .. Enumerable.Range(1, MaxHalvings).Select(k => OfLogGamma(Default.LogGamma * (1 << k)))];

        // Accuracies come from code and configuration, so this holds a handful of entries.
        private static readonly ConcurrentDictionary<double, Mapping> Others = new();

        public readonly double RelativeAccuracy;
        public readonly double LogGamma;         // ln γ
        public readonly double IndexMultiplier;  // 1 / ln γ

        private Mapping(double relativeAccuracy, double logGamma)
        {
            RelativeAccuracy = relativeAccuracy;
            LogGamma = logGamma;
            IndexMultiplier = 1 / logGamma;
        }

        private Mapping(double relativeAccuracy) : this(relativeAccuracy, Math.Log((1 + relativeAccuracy) / (1 - relativeAccuracy))) { }

        private static Mapping OfLogGamma(double logGamma) => new(Math.Tanh(logGamma / 2), logGamma); // a = (γ - 1) / (γ + 1)

        public static Mapping Merged(int halvings) => halvings is >= 0 and <= MaxHalvings
            ? MergedDefaults[halvings]
            : throw new ArgumentOutOfRangeException(nameof(halvings), halvings, $"Between 0 and {MaxHalvings} halvings.");

        public static Mapping For(double relativeAccuracy)
        {
            foreach (var merged in MergedDefaults)
            {
                if (merged.RelativeAccuracy == relativeAccuracy) return merged; // a checkpoint's merged accuracy maps back exactly
            }
            return Others.GetOrAdd(relativeAccuracy, static a => new Mapping(a));
        }
    }
}
