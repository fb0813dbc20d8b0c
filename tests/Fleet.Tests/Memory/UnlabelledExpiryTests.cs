using Fleet.Catalogue;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Ingestion;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Memory;

/// <summary>
/// README "Bounded memory": a prediction whose outcome has not come within the 7-day label horizon stops waiting and
/// counts as unlabelled, so traffic with a share that is never labelled holds at most the last 7 days of that share.
/// </summary>
public sealed class UnlabelledExpiryTests
{
    private static readonly TimeSpan Horizon = PendingPredictions.LabelHorizon;

    [Fact]
    public void The_label_horizon_is_seven_days() => Assert.Equal(TimeSpan.FromDays(7), Horizon);

    [Fact]
    public void Expiry_forgets_the_predictions_made_before_the_bound_and_keeps_the_rest()
    {
        var pending = new PendingPredictions();
        for (var i = 0; i < 10; i++) pending.Add($"p-{i}", T0.AddMinutes(i).UtcTicks, 0.5);
        Assert.True(pending.TryTake("p-1", out _, out _)); // a hole among the old ones is skipped, not counted

        Assert.Equal(3, pending.ExpireBefore(T0.AddMinutes(4).UtcTicks)); // p-0, p-2, p-3

        Assert.Equal(6, pending.Count);
        Assert.All(new[] { 0, 1, 2, 3 }, i => Assert.False(pending.Contains($"p-{i}")));
        Assert.All(Enumerable.Range(4, 6), i => Assert.True(pending.Contains($"p-{i}")));
        Assert.Equal(0, pending.ExpireBefore(T0.AddMinutes(4).UtcTicks));
        Assert.True(pending.TryTake("p-4", out var ticks, out _));
        Assert.Equal(T0.AddMinutes(4).UtcTicks, ticks);
    }

    [Fact]
    public void Expiry_goes_in_arrival_order_and_waits_behind_a_younger_prediction()
    {
        var pending = new PendingPredictions();
        pending.Add("young", T0.AddHours(1).UtcTicks, 0.5);
        pending.Add("old", T0.UtcTicks, 0.5); // arrived after a younger one

        Assert.Equal(0, pending.ExpireBefore(T0.AddMinutes(30).UtcTicks));
        Assert.True(pending.TryTake("young", out _, out _));
        Assert.Equal(1, pending.ExpireBefore(T0.AddMinutes(30).UtcTicks));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_prediction_never_labelled_stops_waiting_after_the_horizon_and_counts_as_unlabelled()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "never"), Ev.Prediction(T0, id: "late")]));

        monitor.Apply(Ev.Batch(T0 + Horizon, [Ev.Prediction(T0 + Horizon)]));
        Assert.Equal((3L, 0L), (monitor.Snapshot().Counters.PendingOutcomes, monitor.Snapshot().Counters.Unlabelled)); // exactly 7 days: still waiting

        var later = T0 + Horizon + TimeSpan.FromSeconds(1);
        var result = monitor.Apply(Ev.Batch(later, [], [Ev.Outcome(later, "late", 1)])).Result;

        var counters = monitor.Snapshot().Counters;
        Assert.Equal((1L, 2L), (counters.PendingOutcomes, counters.Unlabelled));
        Assert.Equal(1, result.UnmatchedOutcomes); // its outcome came after the horizon
        Assert.Equal(0, monitor.Snapshot().Windows[WindowSpan.ThirtyDays].QualitySamples);
    }

    [Fact]
    public void The_unlabelled_count_is_a_reading_alert_rules_can_name()
    {
        var model = TestModels.Define();
        var monitor = TestModels.Monitor(model);
        monitor.Apply(Ev.Batch(T0, Ev.Many(3, T0)));
        monitor.AdvanceTo(T0 + Horizon + TimeSpan.FromMinutes(1));
        var windows = monitor.State.Windows.AllMetrics(model.QualityMetric);

        var signals = ModelSignals.From(model, windows, monitor.Level.Level, null, [],
            new Fleet.Monitoring.Levels.InputSignals(null, 0, null, 0, Unlabelled: monitor.State.Unlabelled));

        Assert.Equal(3.0, signals[Readings.Unlabelled.Key]);
        Assert.Same(Readings.Unlabelled.Key, Readings.Find("unlabelled"));
    }

    [Fact]
    public void Moving_the_clock_without_events_expires_too()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Ev.Many(5, T0)));

        monitor.AdvanceTo(T0 + Horizon + TimeSpan.FromMinutes(1));

        Assert.Equal((0L, 5L), (monitor.Snapshot().Counters.PendingOutcomes, monitor.Snapshot().Counters.Unlabelled));
    }

    [Fact]
    public void An_outcome_later_than_the_horizon_in_the_batch_that_moves_the_clock_is_unmatched_and_its_prediction_unlabelled()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p", score: 0.9)]));

        var at = T0 + Horizon + TimeSpan.FromHours(1);
        var result = monitor.Apply(Ev.Batch(at, [], [Ev.Outcome(at, "p", 1)])).Result; // expiry has not run before this outcome

        Assert.Equal(1, result.UnmatchedOutcomes);
        Assert.Equal((0L, 1L), (monitor.Snapshot().Counters.PendingOutcomes, monitor.Snapshot().Counters.Unlabelled));
        Assert.Equal(0, monitor.Snapshot().Windows[WindowSpan.ThirtyDays].QualitySamples);
    }

    [Fact]
    public void A_month_of_traffic_whose_tenth_is_never_labelled_holds_seven_days_of_that_tenth()
    {
        // 10 predictions every hour for 30 days; 9 are labelled an hour later, 1 never. Without expiry all 720 of
        // the never-labelled would still wait (and a busier model would fill the ring to its 100,000).
        var monitor = TestModels.Monitor();
        var waitingLabels = new List<OutcomeEvent>();
        const int hours = 30 * 24;
        var maxSlots = 0;
        for (var hour = 0; hour < hours; hour++)
        {
            var at = T0.AddHours(hour);
            var predictions = Ev.Many(10, at);
            var result = monitor.Apply(Ev.Batch(at, predictions, waitingLabels)).Result;
            Assert.Equal(0, result.UnmatchedOutcomes);
            waitingLabels = predictions.Take(9).Select(p => Ev.Outcome(at.AddHours(1), p.PredictionId, 1)).ToList();
            maxSlots = Math.Max(maxSlots, monitor.State.Pending.Slots);
        }

        var counters = monitor.Snapshot().Counters;
        var keptHours = (int)Horizon.TotalHours + 1; // the never-labelled of the last 7 days and the current hour
        Assert.Equal(keptHours + 9, counters.PendingOutcomes); // and the last hour's 9 awaiting their labels
        Assert.Equal(hours - keptHours, counters.Unlabelled);
        Assert.True(maxSlots <= 256, $"the ring grew to {maxSlots} slots for at most {keptHours + 19} waiting");
    }
}
