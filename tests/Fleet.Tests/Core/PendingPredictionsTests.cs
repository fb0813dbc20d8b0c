using Fleet.Monitoring.Ingestion;
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
        for (var i = 0; i < 1_000; i++) pending.Add($"burst-{i}", T0.UtcTicks, 0.5); // grows to 1,024, then 2,048 slots
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
}
