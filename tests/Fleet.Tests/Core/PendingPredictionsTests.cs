using Fleet.Monitoring.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>README: predictions awaiting an outcome are capped per model; the oldest is forgotten first.</summary>
public sealed class PendingPredictionsTests
{
    [Fact]
    public void When_full_the_oldest_prediction_is_forgotten()
    {
        var pending = new PendingPredictions(capacity: 3);
        foreach (var id in new[] { "a", "b", "c", "d" }) Assert.True(pending.Add(id, T0.UtcTicks, 0.5));

        Assert.Equal(3, pending.Count);
        Assert.False(pending.TryTake("a", out _, out _));
        Assert.True(pending.Contains("b") && pending.Contains("c") && pending.Contains("d"));
    }

    [Fact]
    public void Growing_past_its_first_slots_keeps_the_newest_up_to_capacity()
    {
        var pending = new PendingPredictions(capacity: 100); // starts at 64 slots, grows to 100
        for (var i = 0; i < 150; i++) pending.Add($"p-{i}", T0.AddSeconds(i).UtcTicks, i / 150.0);

        Assert.Equal(100, pending.Count);
        Assert.All(Enumerable.Range(0, 50), i => Assert.False(pending.Contains($"p-{i}")));
        Assert.All(Enumerable.Range(50, 100), i => Assert.True(pending.Contains($"p-{i}")));
        Assert.True(pending.TryTake("p-120", out var ticks, out var score));
        Assert.Equal((T0.AddSeconds(120).UtcTicks, 120 / 150.0), (ticks, score));
    }

    [Fact]
    public void A_prediction_is_taken_once_and_an_id_already_waiting_is_not_added_twice()
    {
        var pending = new PendingPredictions();
        Assert.True(pending.Add("p", T0.UtcTicks, 0.7));
        Assert.False(pending.Add("p", T0.AddMinutes(1).UtcTicks, 0.1)); // the first one stays

        Assert.True(pending.TryTake("p", out var ticks, out var score));
        Assert.Equal((T0.UtcTicks, 0.7), (ticks, score));
        Assert.False(pending.TryTake("p", out _, out _));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_waiting_prediction_is_kept_while_fewer_than_capacity_predictions_wait()
    {
        var pending = new PendingPredictions(capacity: 3);
        pending.Add("a", T0.UtcTicks, 0.9);
        pending.Add("b", T0.UtcTicks, 0.9);
        pending.Add("c", T0.UtcTicks, 0.9);
        pending.TryTake("b", out _, out _);
        pending.TryTake("c", out _, out _);

        pending.Add("d", T0.UtcTicks, 0.9); // only "a" and "d" wait now: 2 of 3

        Assert.True(pending.Contains("a"));
        Assert.Equal(2, pending.Count);
    }

    [Fact]
    public void The_ring_shrinks_back_when_a_burst_has_been_answered_and_keeps_what_still_waits()
    {
        var pending = new PendingPredictions();
        for (var i = 0; i < 1_000; i++) pending.Add($"burst-{i}", T0.UtcTicks, 0.5); // grows to 729, then 1,093 slots
        var grown = pending.EstimatedBytes();
        for (var i = 0; i < 990; i++) Assert.True(pending.TryTake($"burst-{i}", out _, out _));

        // Steady traffic: 10 wait at a time; once the ring fills with holes it repacks into a smaller one.
        for (var i = 0; i < 3_000; i++)
        {
            pending.Add($"steady-{i}", T0.UtcTicks, 0.5);
            if (i >= 10) Assert.True(pending.TryTake($"steady-{i - 10}", out _, out _));
        }

        Assert.True(pending.EstimatedBytes() < grown / 4, $"{pending.EstimatedBytes()} B after the burst vs {grown} B during it");
        Assert.Equal(20, pending.Count); // the burst's last 10 and the steady 10
        Assert.All(Enumerable.Range(990, 10), i => Assert.True(pending.Contains($"burst-{i}")));
        Assert.All(Enumerable.Range(2_990, 10), i => Assert.True(pending.Contains($"steady-{i}")));
    }

    [Fact]
    public void The_ring_halves_once_outcomes_for_half_its_slots_have_been_taken_while_under_3_8_of_it_waited()
    {
        var pending = new PendingPredictions();
        for (var i = 0; i < 1_500; i++) pending.Add($"burst-{i}", T0.UtcTicks, 0.5); // 64, 96, ... 1,093, 1,639 slots
        Assert.Equal(1_639, pending.Slots);
        for (var i = 0; i < 1_000; i++) Assert.True(pending.TryTake($"burst-{i}", out _, out _)); // the last 115 under 615 waiting
        Assert.Equal(1_639, pending.Slots);

        // Steady traffic keeps 500 waiting; 704 takes more make 819 taken under 3/8 of the ring.
        var next = 0;
        for (; next < 703; next++)
        {
            pending.Add($"steady-{next}", T0.UtcTicks, 0.5);
            Assert.True(pending.TryTake($"steady-{next}", out _, out _));
        }
        pending.Add($"steady-{next}", T0.UtcTicks, 0.5);
        Assert.Equal(1_639, pending.Slots);
        Assert.True(pending.TryTake($"steady-{next}", out _, out _));
        Assert.Equal((500, 819), (pending.Count, pending.Slots)); // half, as twice the 500 waiting is more; not under 3/8 of 819: it stays

        for (var i = 0; i < 5_000; i++)
        {
            pending.Add($"more-{i}", T0.UtcTicks, 0.5);
            Assert.True(pending.TryTake($"more-{i}", out _, out _));
        }
        Assert.Equal(819, pending.Slots);
        Assert.All(Enumerable.Range(1_000, 500), i => Assert.True(pending.Contains($"burst-{i}")));
    }

    [Fact]
    public void A_backlog_that_dips_under_the_mark_between_batches_is_not_halved()
    {
        var pending = new PendingPredictions();
        for (var i = 0; i < 1_500; i++) pending.Add($"burst-{i}", T0.UtcTicks, 0.5);
        for (var i = 0; i < 1_500; i++) pending.TryTake($"burst-{i}", out _, out _); // 615 taken under 615 waiting, of 1,639 slots
        var (next, oldest) = (0, 0);
        for (var batch = 0; batch < 100; batch++)
        {
            // 100 predictions lift the backlog to 650, over 3/8 of 1,639 (614.6); their outcomes bring it back to 550.
            for (var i = 0; i < (batch == 0 ? 650 : 100); i++) pending.Add($"p-{next++}", T0.UtcTicks, 0.5);
            for (var i = 0; i < 100; i++) pending.TryTake($"p-{oldest++}", out _, out _);
        }
        Assert.Equal((550, 1_639), (pending.Count, pending.Slots));
    }

    [Fact]
    public void A_steady_backlog_of_594_keeps_an_819_slot_ring_once_a_burst_has_drained()
    {
        // The memory benchmark's model: 10 predictions a second, labels a minute later, after a fill that left 1,500 waiting.
        var pending = new PendingPredictions();
        var next = 0;
        for (; next < 1_500; next++) pending.Add($"p-{next}", T0.UtcTicks, 0.5);
        var oldest = 0;
        for (var second = 0; second < 600; second++)
        {
            for (var i = 0; i < 10; i++) pending.Add($"p-{next++}", T0.UtcTicks, 0.5);
            while (pending.Count > 594) Assert.True(pending.TryTake($"p-{oldest++}", out _, out _));
            if (second == 120) Assert.Equal(819, pending.Slots); // two minutes on, the burst's 1,639 slots are gone
        }
        Assert.Equal((594, 819), (pending.Count, pending.Slots));
    }

    [Fact]
    public void A_backlog_hovering_at_the_grow_point_settles_on_one_ring_size()
    {
        // 700 to 800 wait, answered in random order (holes fill the span): over 7/8 of 729, so the ring grows to 1,093
        // once a repack finds 638 waiting, and must then stay, the backlog under 7/8 of 1,093 (956) and over its 3/8 (410).
        var rng = new Random(7);
        var pending = new PendingPredictions();
        var waiting = new List<string>();
        var next = 0;
        var sizes = new List<int>();
        for (var cycle = 0; cycle < 300; cycle++)
        {
            while (waiting.Count < 800)
            {
                waiting.Add($"p-{next++}");
                Assert.True(pending.Add(waiting[^1], T0.UtcTicks, 0.5));
            }
            var low = rng.Next(700, 760);
            while (waiting.Count > low)
            {
                var i = rng.Next(waiting.Count);
                Assert.True(pending.TryTake(waiting[i], out _, out _));
                (waiting[i], waiting[^1]) = (waiting[^1], waiting[i]);
                waiting.RemoveAt(waiting.Count - 1);
            }
            if (cycle >= 100) sizes.Add(pending.Slots);
        }
        Assert.Equal([1_093], sizes.Distinct());
    }

    [Theory]
    [InlineData(250, 324)]
    [InlineData(1_000, 1_093)] // the micro-benchmark's cycle
    public void A_backlog_that_drains_to_nothing_and_refills_keeps_its_ring(int backlog, int slots)
    {
        var pending = new PendingPredictions();
        var next = 0;
        for (var cycle = 0; cycle < 50; cycle++)
        {
            var first = next;
            for (var i = 0; i < backlog; i++) pending.Add($"p-{next++}", T0.UtcTicks, 0.5);
            Assert.Equal(slots, pending.Slots);
            for (var i = first; i < next; i++)
            {
                Assert.True(pending.TryTake($"p-{i}", out _, out _));
                Assert.Equal(slots, pending.Slots);
            }
        }
    }

    [Fact]
    public void Bursts_that_drain_to_a_steady_trickle_resize_the_ring_for_a_constant_per_add_or_take()
    {
        var pending = new PendingPredictions();
        var (copied, operations, slots, smallest) = (0L, 0L, pending.Slots, int.MaxValue);
        void Count()
        {
            operations++;
            if (pending.Slots != slots) copied += Math.Max(slots, pending.Slots); // a repack allocates the new ring and walks the old
            slots = pending.Slots;
            smallest = Math.Min(smallest, slots);
        }
        var next = 0;
        for (var cycle = 0; cycle < 20; cycle++)
        {
            var first = next;
            for (var i = 0; i < 1_000; i++, Count()) pending.Add($"p-{next++}", T0.UtcTicks, 0.5);
            Assert.Equal(1_093, pending.Slots);
            for (var i = first; i < next - 10; i++, Count()) pending.TryTake($"p-{i}", out _, out _);
            for (var i = 0; i < 1_500; i++) // ten waiting: the ring shrinks to 64 slots
            {
                pending.Add($"p-{next++}", T0.UtcTicks, 0.5);
                Count();
                pending.TryTake($"p-{next - 11}", out _, out _);
                Count();
            }
            Assert.Equal(64, pending.Slots);
            for (var i = next - 10; i < next; i++, Count()) pending.TryTake($"p-{i}", out _, out _);
        }
        Assert.True(copied <= operations, $"{copied} slots copied for {operations} adds and takes");
        Assert.Equal(0, pending.Count);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 1_000)]
    [InlineData(3, 5_000)]
    [InlineData(4, 64)]
    [InlineData(5, 7)]
    public void Agrees_with_a_dictionary_and_an_arrival_queue_through_bursts_drains_and_checkpoints(int seed, int capacity)
    {
        var rng = new Random(seed);
        var pending = new PendingPredictions(capacity);
        var reference = new ReferenceRing(capacity);
        var issued = new List<ulong>();

        for (var phase = 0; phase < 40; phase++)
        {
            // Bursts up to twice the capacity, drains down to nothing, steady mixes; now and then a checkpoint round trip.
            var (ops, addShare) = (rng.Next(1, 2 * capacity + 50), rng.Next(3)) switch { (var n, 0) => (n, 0.9), (var n, 1) => (n, 0.1), (var n, _) => (n, 0.5) };
            for (var op = 0; op < ops; op++)
            {
                if (rng.NextDouble() < addShare || reference.Count == 0)
                {
                    // Mostly fresh keys; sometimes one already waiting or one long gone (a duplicate or a re-sent id).
                    var key = issued.Count > 0 && rng.NextDouble() < 0.05 ? issued[rng.Next(issued.Count)] : (ulong)rng.NextInt64(1, long.MaxValue);
                    issued.Add(key);
                    var (ticks, score, segment) = (rng.NextInt64(), rng.NextDouble() * 2 - 0.5, (byte)rng.Next(256));
                    Assert.Equal(reference.Add(key, ticks, score, segment), pending.Add(key, ticks, score, segment));
                }
                else
                {
                    var key = rng.NextDouble() < 0.8 ? issued[rng.Next(Math.Max(0, issued.Count - capacity - 10), issued.Count)] : issued[rng.Next(issued.Count)];
                    var expected = reference.TryTake(key, out var value);
                    Assert.Equal(expected, pending.TryTake(key, out var ticks, out var score, out var segment));
                    if (expected) Assert.Equal(value, (ticks, score, segment));
                }
                Assert.Equal(reference.Count, pending.Count);
                Assert.InRange(pending.Slots, pending.Count, Math.Max(capacity, 64));
            }
            if (rng.Next(4) == 0) pending = Serializer.Deserialize<PendingPredictions>(Serializer.SerializeToArray(pending))!;
            foreach (var key in issued.TakeLast(200)) Assert.Equal(reference.Contains(key), pending.Contains(key));
        }
    }

    /// <summary>What the ring promises, said plainly: a map of waiting predictions and their arrival order for eviction.</summary>
    private sealed class ReferenceRing(int capacity)
    {
        private readonly Dictionary<ulong, ((long, double, byte) Value, long Arrival)> _waiting = [];
        private readonly Queue<(ulong Key, long Arrival)> _arrivals = new(); // also holds taken ones: skipped when evicting
        private long _arrived;

        public int Count => _waiting.Count;

        public bool Contains(ulong key) => _waiting.ContainsKey(key);

        public bool Add(ulong key, long ticks, double score, byte segment)
        {
            if (_waiting.ContainsKey(key)) return false;
            if (_waiting.Count == capacity)
            {
                while (true)
                {
                    var (oldest, arrival) = _arrivals.Dequeue();
                    if (_waiting.TryGetValue(oldest, out var entry) && entry.Arrival == arrival)
                    {
                        _waiting.Remove(oldest);
                        break;
                    }
                }
            }
            _waiting[key] = ((ticks, score, segment), ++_arrived);
            _arrivals.Enqueue((key, _arrived));
            return true;
        }

        public bool TryTake(ulong key, out (long, double, byte) value)
        {
            var taken = _waiting.Remove(key, out var entry);
            value = entry.Value;
            return taken;
        }
    }

    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
}
