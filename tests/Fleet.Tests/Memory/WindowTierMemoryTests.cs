using System.Runtime.CompilerServices;
using Fleet.Monitoring.Windows;
using Xunit;

namespace Fleet.Tests.Memory;

/// <summary>
/// A window bucket keeps its latency bins inline and its whole counts in 4 bytes (issue 17's re-lay): no sketch object
/// per bucket, no 8-byte counts. The allocations are worked by hand for x64 and pinned to the byte.
/// </summary>
public sealed class WindowTierMemoryTests
{
    private static readonly DateTimeOffset End = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    // A bucket: an epoch (8), eleven 4-byte counts (44), three double sums (24), the latency bins (a reference, an int,
    // two longs, two doubles: 44, padded to 48) and the carries' reference (8): 132, padded to 136 (was 128 B of long
    // counts and a sketch reference, plus a 72-byte sketch object once it held a latency).
    private const int BucketBytes = 136;

    [Fact]
    public void A_bucket_is_136_bytes()
    {
        Assert.Equal(BucketBytes, Unsafe.SizeOf<MetricBucket>());
    }

    [Fact]
    public void Empty_windows_allocate_three_rings_of_buckets_and_filled_ones_a_32_byte_count_array_per_bucket_trimmed_when_closed()
    {
        Fill(new RollingWindows()); // warm: the tiered JIT, the accuracies' shared mappings

        // RollingWindows: 16 header + four references + a long = 56. A tier: 16 + a long width, the ring's reference, a long
        // epoch, a double accuracy, the mapping's reference = 56. Rings: 24 header + 60, 24 and 30 buckets.
        const long empty = 56 + 3 * 56 + (24 + 60 * BucketBytes) + (24 + 24 * BucketBytes) + (24 + 30 * BucketBytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var windows = new RollingWindows();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(15_800, empty);
        Assert.Equal(empty, allocated);

        // One latency in each of the 114 buckets: each allocates its first count array, 32 one-byte counts (24 + 32 = 56 B).
        // The old layout allocated a 72-byte sketch object with each: 29,456 B in all against 22,184 B now.
        before = GC.GetAllocatedBytesForCurrentThread();
        Fill(windows);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(114, BucketsWithLatency(windows));
        Assert.Equal(114 * 56, allocated);
        Assert.Equal(empty + 114 * 56, windows.EstimatedBytes());
        Assert.Equal(22_184, windows.EstimatedBytes());

        // The clock turns a minute: the minute it leaves keeps its one used bin only, a new 1-slot array (24 + 8 = 32 B),
        // and lets its 32-slot one go. The hour and the day have not turned.
        before = GC.GetAllocatedBytesForCurrentThread();
        windows.Advance(End.AddMinutes(1).UtcTicks);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(32, allocated);
        Assert.Equal(empty + 113 * 56 + 32, windows.EstimatedBytes());
        Assert.Equal(114, BucketsWithLatency(windows) + 1); // the minute an hour before left the hour's window; its bucket was not reused
    }

    [Fact]
    public void A_count_past_four_bytes_carries_into_the_side_array_and_never_wraps()
    {
        var count = uint.MaxValue - 1;
        long[]? carries = null;
        MetricBucket.Increment(ref count, ref carries, 3);
        Assert.Null(carries); // 4,294,967,295 still fits
        MetricBucket.Increment(ref count, ref carries, 3);
        MetricBucket.Increment(ref count, ref carries, 3);
        Assert.NotNull(carries);
        Assert.Equal(1, (long)count);
        Assert.Equal(1L << 32, carries[3]);
        Assert.Equal((long)uint.MaxValue + 2, count + carries[3]); // 4,294,967,294 + 3
        Assert.Equal(MetricBucket.CountSlots, carries.Length);
        Assert.All(carries.Where((_, slot) => slot != 3), c => Assert.Equal(0, c));
    }

    /// <summary>
    /// One prediction at the same latency in each minute of the last 60, each hour of the last 24 and each day of 30,
    /// newest first (the clock never turns, so no slice closes), so every slot of every ring holds one.
    /// </summary>
    private static void Fill(RollingWindows windows)
    {
        var sample = new PredictionSample(40, Covered: true, Fallback: false, Degraded: false, Error: false, Timeout: false, Score: 0.7);
        for (var m = 0; m <= 59; m++) windows.RecordPrediction(End.AddMinutes(-m).UtcTicks, sample);
        for (var h = 1; h <= 23; h++) windows.RecordPrediction(End.AddHours(-h).UtcTicks, sample);
        for (var d = 1; d <= 29; d++) windows.RecordPrediction(End.AddDays(-d).UtcTicks, sample);
    }

    private static int BucketsWithLatency(RollingWindows windows)
    {
        var touched = 0;
        foreach (var span in new[] { Fleet.Models.WindowSpan.OneHour, Fleet.Models.WindowSpan.OneDay, Fleet.Models.WindowSpan.ThirtyDays })
            touched += windows.Series(span, Fleet.Models.QualityMetricKind.Accuracy).Count(p => p.Metrics.Volume > 0);
        return touched;
    }
}
