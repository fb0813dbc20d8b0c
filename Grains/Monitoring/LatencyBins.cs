using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fleet.Monitoring;

/// <summary>
/// The counts and bounds of a <see cref="LatencySketch"/>, without its accuracy: a struct, so a window bucket holds its
/// latencies inline (its tier knows the accuracy) instead of pointing at a sketch object of its own. The binning, the
/// count widths and every guarantee are the sketch's (see its remarks); the sketch is this plus its accuracy's mapping.
/// </summary>
/// <remarks>
/// 44 bytes (a reference, an int, two longs, two doubles), 48 inline. A sketch object per bucket cost 72 more bytes and a
/// reference (8) than these fields, 114 times a model. The bounds start empty only through <see cref="Empty"/> or
/// <see cref="Clear"/>: a default instance's are 0, so whoever holds one starts from <see cref="Empty"/>.
/// Not thread-safe: the owning grain serialises access.
/// </remarks>
[GenerateSerializer]
public struct LatencyBins
{
    private const int InitialBins = 32;

    // Grow by 1/8 (at least 16 bins): still geometric, so Add is amortised O(1), but a settled window keeps
    // little slack (measured: lognormal σ=0.5 fits in ~1.1 KB vs ~1.4 KB when growing by 1/2).
    private const int MinGrowthBins = 16;
    private const int GrowthDivisor = 8;

    // The counts in one array of whichever width they have (byte[], ushort[], int[] or long[]; its exact type is the
    // width, so nothing can disagree with it).
    [NonSerialized] private Array? _counts;   // the dense window of counts; null while no bin was ever used
    [Id(0)] private int _offset;              // bin index held in slot 0 of the count array
    [Id(1)] private long _zeroCount;
    [Id(2)] private long _count;
    [Id(3)] private double _min;
    [Id(4)] private double _max;

    /// <summary>No values, bounds reset.</summary>
    public static LatencyBins Empty => new() { _min = double.PositiveInfinity, _max = double.NegativeInfinity };

    // ---- checkpoint shape: one count array per width (at most one non-null), read and written through these
    // properties. Internal, not private: Orleans' generated code calls a property's accessors directly. A null array on
    // the wire stands for "not this width"; only the non-null one becomes the counts.

    [Id(5)]
    internal byte[]? SerializedByteCounts
    {
        readonly get => _counts as byte[];
        set { if (value is not null) _counts = value; }
    }

    [Id(6)]
    internal ushort[]? SerializedShortCounts
    {
        readonly get => _counts as ushort[];
        set { if (value is not null) _counts = value; }
    }

    [Id(7)]
    internal int[]? SerializedIntCounts
    {
        readonly get => _counts as int[];
        set { if (value is not null) _counts = value; }
    }

    [Id(8)]
    internal long[]? SerializedLongCounts
    {
        readonly get => _counts as long[];
        set { if (value is not null) _counts = value; }
    }

    /// <summary>Total number of recorded values.</summary>
    public readonly long Count => _count;

    /// <summary>Smallest recorded value (exact; NaN when empty).</summary>
    public readonly double Min => _count == 0 ? double.NaN : _min;

    /// <summary>Largest recorded value (exact; NaN when empty).</summary>
    public readonly double Max => _count == 0 ? double.NaN : _max;

    internal readonly double RawMin => _min;
    internal readonly double RawMax => _max;

    internal readonly long ZeroCount => _zeroCount;

    /// <summary>Number of non-empty bins, counting the zero bin.</summary>
    public readonly int NonEmptyBins
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

    /// <summary>Heap bytes of the count array (x64: 16 header/method-table + 8 length, payload padded to 8); 0 without one.</summary>
    public readonly long ArrayBytes => _counts is { } counts ? 24 + ((Buffer.ByteLength(counts) + 7L) & ~7L) : 0;

    /// <summary>Records one occurrence of <paramref name="value"/> in <paramref name="mapping"/>'s bins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(double value, LatencyMapping mapping) => Add(value, 1, mapping);

    /// <summary>Records <paramref name="count"/> occurrences of <paramref name="value"/> (finite, ≥ 0).</summary>
    internal void Add(double value, long count, LatencyMapping mapping)
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

        if (value < LatencySketch.MinIndexableValue)
        {
            _zeroCount += count;
        }
        else
        {
            // The multiplier is read before Math.Log is called, not after: reading it through the shared mapping once
            // the log returns put two dependent loads on Add's critical path (+3 ns an Add, measured in-process).
            int index = IndexOf(value, mapping.IndexMultiplier);
            // Hot path: one at a time into a bin inside the window that does not overflow. Everything else is rare.
            if (count != 1 || !TryIncrement(index - _offset)) AddToBinSlow(index, count);
        }

        _count = checked(_count + count);
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Adds all of <paramref name="other"/>'s values (bins of the same mapping, not these very bins).</summary>
    internal void Merge(in LatencyBins other)
    {
        if (other._count == 0) return;
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

    /// <summary>Empties the bins, keeping the count array so reused bins do not reallocate.</summary>
    internal void Clear()
    {
        if (_counts is not null) Array.Clear(_counts);
        _zeroCount = 0;
        _count = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
    }

    /// <summary>
    /// Shrinks the count array to the bins in use, or lets it go when none is: a bucket whose slice has closed keeps no
    /// growth slack (~15 slots a minute, ~18 an hour or a day, at σ 0.5). The counts, and so every answer, are unchanged;
    /// a late value outside the range grows the array again.
    /// </summary>
    internal void Trim() => _counts = _counts switch
    {
        byte[] b => Trimmed(b, ref _offset),
        ushort[] h => Trimmed(h, ref _offset),
        int[] c => Trimmed(c, ref _offset),
        long[] w => Trimmed(w, ref _offset),
        _ => null,
    };

    private static T[]? Trimmed<T>(T[] counts, ref int offset) where T : struct, IBinaryInteger<T>
    {
        var (first, last) = NonZeroRange(counts);
        if (first < 0) return null;
        if (first == 0 && last == counts.Length - 1) return counts;
        offset += first;
        return counts.AsSpan(first, last - first + 1).ToArray();
    }

    /// <summary>A deep copy: the count array too.</summary>
    internal readonly LatencyBins Clone()
    {
        var copy = this;
        copy._counts = (Array?)_counts?.Clone();
        return copy;
    }

    /// <summary>See <see cref="LatencySketch.Subtract"/>: Min and Max are left as they were.</summary>
    internal void Subtract(in LatencyBins part)
    {
        if (part._count == 0) return;
        if (part._count > _count || part._zeroCount > _zeroCount) throw NotAPart();
        if (part.TryGetBinRange(out int lo, out int hi))
        {
            // Checked whole before any bin changes, so a refused subtraction leaves the bins as they were.
            for (int index = lo; index <= hi; index++)
            {
                if (CountAt(index) < part.CountAt(index)) throw NotAPart(); // CountAt is 0 outside this window
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

    /// <summary>The bin value of the rank floor(q·(n−1)) from below, clamped to [min, max]; the caller checked q.</summary>
    internal readonly double Quantile(double q, LatencyMapping mapping, double min, double max)
    {
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
        return at >= 0 ? Clamp(mapping.BinValue(_offset + at), min, max) : max; // -1 is unreachable while counts are consistent
    }

    /// <summary>The same bits as <see cref="Quantile"/>, found from the top down (see <see cref="LatencySketch.QuantileWithin"/>).</summary>
    internal readonly double QuantileFromTop(double q, LatencyMapping mapping, double min, double max)
    {
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
        return at >= 0 ? Clamp(mapping.BinValue(_offset + at), min, max) : max; // -1 is unreachable while counts are consistent
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
    internal readonly IReadOnlyList<(int Index, long Count)> GetBins()
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf(double value, double multiplier) => (int)Math.Ceiling(Math.Log(value) * multiplier);

    private static double Clamp(double estimate, double min, double max) => estimate < min ? min : estimate > max ? max : estimate;

    // Per-value and per-bin paths tell the width by the array's exact type, one method-table compare each:
    // a type pattern (`is byte[]`) calls a cast helper on every miss, since the runtime lets byte[] and sbyte[]
    // (ushort[] and short[], ...) cast to each other. After the compare, Unsafe.As is an exact, checked cast.

    /// <summary>Adds one to the bin in <paramref name="slot"/> if it is in the window and not full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool TryIncrement(int slot)
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

    private readonly long CountAt(int index)
    {
        int slot = index - _offset;
        if (_counts is not { } counts || (uint)slot >= (uint)counts.Length) return 0;
        if (counts.GetType() == typeof(byte[])) return Unsafe.As<byte[]>(counts)[slot];
        if (counts.GetType() == typeof(ushort[])) return Unsafe.As<ushort[]>(counts)[slot];
        if (counts.GetType() == typeof(int[])) return Unsafe.As<int[]>(counts)[slot];
        return ((long[])counts)[slot];
    }

    /// <summary>Sets a bin inside the window to a count that fits the current width.</summary>
    private readonly void StoreAt(int slot, long count)
    {
        Array counts = _counts!;
        if (counts.GetType() == typeof(byte[])) Unsafe.As<byte[]>(counts)[slot] = (byte)count;
        else if (counts.GetType() == typeof(ushort[])) Unsafe.As<ushort[]>(counts)[slot] = (ushort)count;
        else if (counts.GetType() == typeof(int[])) Unsafe.As<int[]>(counts)[slot] = (int)count;
        else ((long[])counts)[slot] = count;
    }

    /// <summary>The largest count one bin can hold at the current width.</summary>
    private readonly long MaxCount
    {
        get
        {
            if (_counts is not { } counts) return 0;
            return counts.GetType() == typeof(byte[]) ? byte.MaxValue : counts.GetType() == typeof(ushort[]) ? ushort.MaxValue
                : counts.GetType() == typeof(int[]) ? int.MaxValue : long.MaxValue;
        }
    }

    /// <summary>Lowest and highest non-empty (non-zero-bin) bin indexes; false if there are none.</summary>
    private readonly bool TryGetBinRange(out int lo, out int hi)
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

    /// <summary>Adds <paramref name="source"/>'s bins [lo, hi] (all inside this window) to these.</summary>
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

    /// <summary>Moves the counts to the next wider width (see the sketch's remarks); each width is reached once.</summary>
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
}
