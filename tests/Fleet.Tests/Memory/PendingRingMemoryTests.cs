using Fleet.Monitoring.Ingestion;
using Fleet.Tests.Drift;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Memory;

/// <summary>
/// The pending ring grows by half at 7/8 waiting, not by doubling at 3/4: the memory benchmark's model (10 predictions
/// a second, labelled a minute later: ~600 waiting) holds 729 slots, where it held 1,024. A slot is 23 bytes: the
/// prediction's time takes 6 (an offset from a base, exact), not 8.
/// </summary>
public sealed class PendingRingMemoryTests
{
    [Fact]
    public void Ten_predictions_a_second_labelled_a_minute_later_wait_in_729_slots()
    {
        var pending = new PendingPredictions();
        var (next, oldest) = (0, 0);
        for (var second = 0; second < 600; second++)
        {
            var at = T0.AddSeconds(second).UtcTicks;
            for (var i = 0; i < 10; i++) pending.Add($"p-{next++}", at, 0.5);
            while (oldest < next - 600) Assert.True(pending.TryTake($"p-{oldest++}", out _, out _));
        }
        // 64, 96, 144, 216, 324, 486, 729: the last grow came at 486 full (486 ≥ 7/8 of 486); 610 < 7/8 of 729 (637.9).
        Assert.Equal((600, 729), (pending.Count, pending.Slots));
    }

    [Fact]
    public void A_grown_ring_allocates_23_bytes_a_slot_and_its_index()
    {
        var pending = new PendingPredictions();
        for (var i = 1; i <= 64; i++) pending.Add((ulong)i, T0.AddMilliseconds(i).UtcTicks, 0.5, PendingPredictions.NoSegment);
        Assert.Equal(64, pending.Slots);

        // Worked by hand (x64): the 65th grows the ring to 96 slots: keys and scores 2 × (24 + 96 × 8) = 1,584 B, segments
        // 24 + 96 = 120 B, the times' column 56 B and its 4- and 2-byte parts (24 + 384) + (24 + 192) = 624 B, the index
        // 56 B and its table of 256 two-byte slot numbers 24 + 512 = 536 B: 2,976 B. Times as longs (24 + 768 B) made it 3,088 B.
        var before = GC.GetAllocatedBytesForCurrentThread();
        pending.Add(65, T0.AddMilliseconds(65).UtcTicks, 0.5, PendingPredictions.NoSegment);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(96, pending.Slots);
        Assert.InRange(allocated, 2_940, 3_040);
        for (var i = 1; i <= 65; i++)
        {
            Assert.True(pending.TryTake((ulong)i, out var ticks, out _, out _));
            Assert.Equal(T0.AddMilliseconds(i).UtcTicks, ticks);
        }
    }

    [Fact]
    public void Times_within_the_offsets_reach_are_exact_and_one_beyond_it_keeps_every_time_in_full()
    {
        const long reach = 1L << 47; // ±162.9 days of ticks
        var t0 = T0.UtcTicks;
        var column = new TickColumn(5);
        long[] written = [t0, t0 + 1, t0 - reach, t0 + reach - 1, t0 + 7 * TimeSpan.TicksPerDay + 1234567];
        for (var i = 0; i < written.Length; i++) column[i] = written[i];
        Assert.False(column.Full);
        Assert.Equal(written, Enumerable.Range(0, 5).Select(i => column[i]));

        column[1] = t0 + reach; // one tick beyond: the column keeps every time in full from now on
        written[1] = t0 + reach;
        Assert.True(column.Full);
        Assert.Equal(written, Enumerable.Range(0, 5).Select(i => column[i]));
    }

    [Fact]
    public void A_ring_holding_times_a_year_apart_reads_each_back_to_the_tick()
    {
        var pending = new PendingPredictions();
        var year = TimeSpan.FromDays(365).Ticks;
        for (var i = 1; i <= 200; i++) pending.Add((ulong)i, T0.UtcTicks + (i % 2 == 0 ? year : 0) + i, 0.5, PendingPredictions.NoSegment);
        pending = OrleansRoundTrip.Copy(pending);
        for (var i = 1; i <= 200; i++)
        {
            Assert.True(pending.TryTake((ulong)i, out var ticks, out _, out _));
            Assert.Equal(T0.UtcTicks + (i % 2 == 0 ? year : 0) + i, ticks);
        }
    }
}
