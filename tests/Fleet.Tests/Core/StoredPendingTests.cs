using Fleet.Monitoring;
using Fleet.Monitoring.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>A checkpoint keeps only the predictions that wait, and gives back the same ring's answers.</summary>
public sealed class StoredPendingTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private static Serializer Serializer => Services.GetRequiredService<Serializer>();

    /// <summary>A ring of 1,000 predictions that wrapped (the first 400 answered, 300 more added) with holes in the middle.</summary>
    private static PendingPredictions Ring()
    {
        var pending = new PendingPredictions(capacity: 5_000);
        for (var i = 0; i < 1_000; i++) pending.Add(IdKey.Of($"p-{i}"), T0.AddSeconds(i).UtcTicks, i % 7 == 0 ? double.NaN : i / 1_000.0, (byte)(i % 5));
        for (var i = 0; i < 400; i++) Assert.True(pending.TryTake($"p-{i}", out _, out _));
        for (var i = 1_000; i < 1_300; i++) pending.Add(IdKey.Of($"p-{i}"), T0.AddSeconds(i).UtcTicks, i / 1_000.0, PendingPredictions.NoSegment);
        for (var i = 500; i < 700; i += 2) Assert.True(pending.TryTake($"p-{i}", out _, out _));
        return pending;
    }

    [Fact]
    public void A_stored_ring_answers_every_outcome_as_the_live_one_does()
    {
        var live = Ring();
        var restored = Serializer.Deserialize<PendingPredictions>(Serializer.SerializeToArray(live))!;

        Assert.Equal((800, live.Slots, 5_000), (restored.Count, restored.Slots, restored.Capacity));
        for (var i = 0; i < 1_300; i++)
        {
            var waited = live.TryTake(IdKey.Of($"p-{i}"), out var ticks, out var score, out var segment);
            Assert.Equal(waited, restored.TryTake(IdKey.Of($"p-{i}"), out var storedTicks, out var storedScore, out var storedSegment));
            if (!waited) continue;
            Assert.Equal(ticks, storedTicks);
            Assert.Equal(BitConverter.DoubleToInt64Bits(score), BitConverter.DoubleToInt64Bits(storedScore)); // NaN too, to the bit
            Assert.Equal(segment, storedSegment);
        }
    }

    [Fact]
    public void A_stored_ring_keeps_the_arrival_order_that_expiry_and_eviction_follow()
    {
        var live = Ring();
        var restored = Serializer.Deserialize<PendingPredictions>(Serializer.SerializeToArray(live))!;

        // Expiry walks from the oldest: the same ones go, 400..849 less the answered holes.
        var before = T0.AddSeconds(850).UtcTicks;
        Assert.Equal(live.ExpireBefore(before), restored.ExpireBefore(before));
        Assert.Equal(450, restored.Count);
        // Filling to capacity evicts the oldest still waiting first, in both.
        for (var i = 2_000; i < 6_700; i++)
        {
            live.Add(IdKey.Of($"p-{i}"), T0.AddSeconds(i).UtcTicks, 0.5, 0);
            restored.Add(IdKey.Of($"p-{i}"), T0.AddSeconds(i).UtcTicks, 0.5, 0);
        }
        for (var i = 850; i < 1_300; i++) Assert.Equal(live.Contains(IdKey.Of($"p-{i}")), restored.Contains(IdKey.Of($"p-{i}")));
        Assert.Equal(5_000, restored.Count);
    }

    [Fact]
    public void Times_beyond_the_columns_offsets_come_back_exact()
    {
        var pending = new PendingPredictions();
        pending.Add(1, DateTimeOffset.MinValue.UtcTicks, 0.1, 0);
        pending.Add(2, DateTimeOffset.MaxValue.UtcTicks, 0.2, 0);
        var restored = Serializer.Deserialize<PendingPredictions>(Serializer.SerializeToArray(pending))!;

        Assert.True(restored.TryTake(1, out var first, out _, out _));
        Assert.True(restored.TryTake(2, out var last, out _, out _));
        Assert.Equal((DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), (first, last));
    }

    [Fact]
    public void The_checkpoint_holds_25_bytes_a_waiting_prediction_not_the_rings_slots()
    {
        // 20,000 added, all but 100 answered: the ring keeps its grown length for a while, the checkpoint does not.
        var pending = new PendingPredictions();
        for (var i = 1; i <= 20_000; i++) pending.Add((ulong)i, T0.UtcTicks + i, 0.5, 0);
        for (var i = 1; i <= 19_900; i += 1) pending.TryTake((ulong)i, out _, out _, out _);
        Assert.True(pending.Slots > 200, $"the ring kept {pending.Slots} slots");

        var bytes = Serializer.SerializeToArray(pending).Length;

        // 100 × 25 bytes of columns, plus the field headers and the two lengths (under 32 bytes).
        Assert.InRange(bytes, 100 * StoredPending.BytesPerPrediction, 100 * StoredPending.BytesPerPrediction + 32);
    }

    [Fact]
    public void A_checkpoint_copy_is_its_own_ring()
    {
        var checkpoint = new WindowCheckpoint { Pending = Ring() };
        var copy = Services.GetRequiredService<DeepCopier<WindowCheckpoint>>().Copy(checkpoint);

        Assert.NotSame(checkpoint.Pending, copy.Pending);
        Assert.True(copy.Pending.TryTake("p-900", out _, out _));
        Assert.True(checkpoint.Pending.Contains("p-900"));
        Assert.Equal(799, copy.Pending.Count);
    }

    [Fact]
    public void A_checkpoint_copy_is_packed_once_and_written_as_it_was_taken()
    {
        var copier = Services.GetRequiredService<DeepCopier<WindowCheckpoint>>();
        var empty = new WindowCheckpoint();
        var busy = new WindowCheckpoint { Pending = new PendingPredictions() };
        for (var i = 1; i <= 10_000; i++) busy.Pending.Add((ulong)i, T0.UtcTicks + i, 0.5, 0);
        copier.Copy(empty);
        copier.Copy(busy); // warm: the copiers are made on first use

        // The least of five tries: a one-off allocation on this thread (seen once in a run of 110 tests, 848 B) is the
        // runtime's, not the copy's.
        WindowCheckpoint copy = null!;
        var extra = long.MaxValue;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            copier.Copy(empty);
            var emptyCopy = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            copy = copier.Copy(busy);
            extra = Math.Min(extra, GC.GetAllocatedBytesForCurrentThread() - before - emptyCopy);
        }

        // One stored form of 10,000 × 25 bytes (and its array's header); the ring's own arrays (~320 KB) are not made,
        // nor a second copy of the stored form.
        Assert.InRange(extra, 250_000, 250_000 + 200);
        Assert.Equal(Serializer.SerializeToArray(busy), Serializer.SerializeToArray(copy));
        Assert.Equal(10_000, copy.Pending.Count); // and it unpacks when used
    }

    [Fact]
    public void A_stored_ring_of_broken_length_is_refused_not_misread()
    {
        var broken = new StoredPending { Capacity = 10, Slots = 64, Waiting = new byte[StoredPending.BytesPerPrediction + 3] };

        Assert.Throws<InvalidDataException>(() => new StoredPendingConverter().ConvertFromSurrogate(broken));
    }
}
