using Fleet.Models;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>README: a batch id seen among the model's last 300 batches changes nothing; batches are applied whole or not at all.</summary>
public sealed class BatchIdempotencyTests
{
    [Fact]
    public void The_same_batch_id_twice_counts_once_and_the_resend_is_flagged_duplicate()
    {
        var monitor = TestModels.Monitor();
        var (predictions, outcomes) = Ev.Labelled(T0, tp: 3, fp: 1, fn: 0, tn: 1);
        var batch = Ev.Batch(T0, predictions, outcomes.Take(2));

        var first = monitor.Apply(batch).Result;
        var second = monitor.Apply(batch).Result;

        Assert.Equal((false, true, 5, 2), (first.Duplicate, first.Accepted, first.Predictions, first.Outcomes));
        Assert.True(second.Duplicate);
        Assert.Null(second.Error);
        var snapshot = monitor.Snapshot();
        Assert.Equal(5, snapshot.Windows[WindowSpan.FiveMinutes].Volume);
        Assert.Equal(2, snapshot.Windows[WindowSpan.FiveMinutes].Outcomes);
        Assert.Equal((1L, 1L, 5L, 2L, 0L, 3L),
            (snapshot.Counters.Batches, snapshot.Counters.DuplicateBatches, snapshot.Counters.Predictions,
             snapshot.Counters.Outcomes, snapshot.Counters.UnmatchedOutcomes, snapshot.Counters.PendingOutcomes));
    }

    [Fact]
    public void A_resent_batch_id_is_a_duplicate_even_with_different_content()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Ev.Many(4, T0), batchId: "batch-7"));

        var resend = monitor.Apply(Ev.Batch(T0.AddMinutes(1), Ev.Many(9, T0.AddMinutes(1)), batchId: "batch-7")).Result;

        Assert.True(resend.Duplicate);
        Assert.Equal(4, monitor.Snapshot().Windows[WindowSpan.OneHour].Volume);
        Assert.Equal(T0, monitor.Snapshot().Watermark);
    }

    [Fact]
    public void A_batch_with_one_bad_event_changes_nothing()
    {
        var monitor = TestModels.Monitor();
        var (predictions, outcomes) = Ev.Labelled(T0, tp: 90, fp: 5, fn: 3, tn: 2, latencyMs: 900);
        monitor.Apply(Ev.Batch(T0, predictions, outcomes.Take(50)));
        Assert.Equal(DegradationLevel.RulesFallback, monitor.Level.Level);
        var before = Json.Of(monitor.Snapshot());
        var levelBefore = Json.Of(monitor.Level);

        // 300 fast predictions eleven minutes later (they would roll the windows and start a recovery),
        // the outstanding outcomes, and one prediction with a negative latency at the very end.
        var later = T0.AddMinutes(11);
        var good = Ev.Many(300, later, latencyMs: 5);
        var bad = Ev.Prediction(later, latencyMs: -1);
        var rejected = monitor.Apply(Ev.Batch(later, [.. good, bad], outcomes.Skip(50), batchId: "mixed")).Result;

        Assert.False(rejected.Accepted);
        Assert.Equal("predictions[300].latencyMs", rejected.Error!.Field);
        Assert.Equal(before, Json.Of(monitor.Snapshot()));
        Assert.Equal(levelBefore, Json.Of(monitor.Level));

        // The rejected id was not remembered: the corrected batch is applied, not taken for a duplicate.
        var corrected = monitor.Apply(Ev.Batch(later, good, outcomes.Skip(50), batchId: "mixed")).Result;
        Assert.Equal((true, false, 300, 50), (corrected.Accepted, corrected.Duplicate, corrected.Predictions, corrected.Outcomes));
        Assert.Equal(400, monitor.Snapshot().Counters.Predictions);
    }

    [Fact]
    public void A_batch_whose_last_outcome_is_bad_does_not_keep_its_predictions_waiting()
    {
        var monitor = TestModels.Monitor();
        var p = Ev.Prediction(T0, id: "kept-out");

        var result = monitor.Apply(Ev.Batch(T0, [p], [Ev.Outcome(T0, "other", double.NaN)])).Result;

        Assert.Equal("outcomes[0].label", result.Error!.Field);
        Assert.Equal(0, monitor.Snapshot().Counters.PendingOutcomes);
        Assert.True(monitor.Apply(Ev.Batch(T0, [p])).Result.Accepted); // its id is free: nothing was kept
    }
}
