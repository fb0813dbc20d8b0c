namespace Fleet.Monitoring.Windows;

/// <summary>
/// A fixed ring of buckets at one resolution (e.g. 60 one-minute buckets). Buckets are addressed by
/// epoch (event ticks / width) modulo the ring size and reset lazily when a newer epoch reuses them,
/// so memory never grows and moving the clock forward costs nothing.
/// </summary>
[GenerateSerializer]
public sealed class WindowTier
{
    [Id(0)] public long WidthTicks { get; private set; }
    [Id(1)] private MetricBucket[] _buckets;
    [Id(2)] public long LatestEpoch { get; private set; } = long.MinValue;
    /// <summary>The relative error of this tier's latency sketches (see <see cref="RollingWindows"/> for each tier's).</summary>
    [Id(3)] public double LatencyAccuracy { get; private set; }

    // The accuracy's shared constants, which the buckets' latency bins are read and written with; not state.
    [NonSerialized] private LatencyMapping? _mapping;

    internal LatencyMapping Mapping => _mapping ??= LatencyMapping.For(LatencyAccuracy);

    public WindowTier(TimeSpan width, int bucketCount, double latencyAccuracy = LatencySketch.DefaultRelativeAccuracy)
    {
        if (width <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(width));
        if (bucketCount < 1) throw new ArgumentOutOfRangeException(nameof(bucketCount));
        _mapping = LatencySketch.MappingFor(latencyAccuracy); // refuses an accuracy no sketch takes, now rather than at the first latency
        LatencyAccuracy = latencyAccuracy;
        WidthTicks = width.Ticks;
        _buckets = new MetricBucket[bucketCount];
        Array.Fill(_buckets, MetricBucket.Empty);
    }

    public int BucketCount => _buckets.Length;

    public TimeSpan Width => TimeSpan.FromTicks(WidthTicks);

    /// <summary>Moves the tier's clock forward; it never moves back. The slice it leaves gives up its latency bins' slack.</summary>
    public void Advance(long ticks)
    {
        var epoch = EpochOf(ticks);
        if (epoch <= LatestEpoch) return;
        if (LatestEpoch != long.MinValue)
        {
            ref var closing = ref _buckets[IndexOf(LatestEpoch)];
            if (closing.Epoch == LatestEpoch) closing.Latency.Trim();
        }
        LatestEpoch = epoch;
    }

    /// <summary>
    /// The bucket for an event time, advancing the clock if the time is newer. Returns false when the
    /// time is older than the ring reaches: the other, coarser tiers may still take it.
    /// </summary>
    public bool TryGetBucket(long ticks, out int index)
    {
        var epoch = EpochOf(ticks);
        Advance(ticks);
        if (epoch <= LatestEpoch - _buckets.Length)
        {
            index = -1;
            return false;
        }
        index = IndexOf(epoch);
        if (_buckets[index].Epoch != epoch) _buckets[index].Reset(epoch);
        return true;
    }

    public ref MetricBucket this[int index] => ref _buckets[index];

    /// <summary>Adds the last <paramref name="bucketCount"/> slices ending at the latest epoch into <paramref name="total"/>.</summary>
    public void Sum(int bucketCount, ref WindowTotals total)
    {
        if (bucketCount > _buckets.Length) throw new ArgumentOutOfRangeException(nameof(bucketCount));
        if (LatestEpoch == long.MinValue) return;
        var oldest = LatestEpoch - bucketCount + 1;
        foreach (ref readonly var bucket in _buckets.AsSpan())
        {
            if (bucket.Epoch >= oldest && bucket.Epoch <= LatestEpoch) total.Add(bucket);
        }
    }

    /// <summary>The last <paramref name="bucketCount"/> slices oldest first, one per epoch (empty slices included).</summary>
    public IEnumerable<(long Start, MetricBucket Bucket)> Slices(int bucketCount)
    {
        if (LatestEpoch == long.MinValue) yield break;
        for (var epoch = LatestEpoch - bucketCount + 1; epoch <= LatestEpoch; epoch++)
        {
            var index = IndexOf(epoch);
            var bucket = _buckets[index].Epoch == epoch ? _buckets[index] : MetricBucket.Empty;
            yield return (epoch * WidthTicks, bucket);
        }
    }

    public void ResetQuality()
    {
        for (var i = 0; i < _buckets.Length; i++) _buckets[i].ResetQuality();
    }

    /// <summary>Approximate heap bytes held (x64): the tier object, the ring and what its buckets hold (count arrays).</summary>
    public long EstimatedBytes()
    {
        // Object: 16 header/method-table + 2 refs + 2 longs + a double = 56; ring: 24 header + the buckets.
        long bytes = 56 + 24 + (long)_buckets.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<MetricBucket>();
        foreach (ref readonly var bucket in _buckets.AsSpan()) bytes += bucket.HeapBytes;
        return bytes;
    }

    private int IndexOf(long epoch) => (int)(((epoch % _buckets.Length) + _buckets.Length) % _buckets.Length);

    private long EpochOf(long ticks) => ticks >= 0 ? ticks / WidthTicks : (ticks - WidthTicks + 1) / WidthTicks;
}
