using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Ingestion;
using Fleet.Monitoring.Levels;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>README: an outcome is joined to its prediction by id and counted where its prediction was made; an outcome with no waiting prediction is unmatched.</summary>
public sealed class OutcomeJoinTests
{
    [Fact]
    public void A_late_outcome_within_the_window_is_joined_to_its_prediction_bucket()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p-1", score: 0.9)]));

        var result = monitor.Apply(Ev.Batch(T0.AddMinutes(50), [], [Ev.Outcome(T0.AddMinutes(50), "p-1", 1)])).Result;

        Assert.Equal(0, result.UnmatchedOutcomes);
        var snapshot = monitor.Snapshot();
        Assert.Equal(T0.AddMinutes(50), snapshot.Watermark);
        Assert.Equal(0, snapshot.Windows[WindowSpan.FiveMinutes].QualitySamples); // 10:46..10:50 holds no prediction of 10:00
        Assert.Equal((1L, 1.0), (snapshot.Windows[WindowSpan.OneHour].QualitySamples, snapshot.Windows[WindowSpan.OneHour].Quality!.Value));
        Assert.Equal(1, snapshot.Windows[WindowSpan.OneDay].QualitySamples);
        Assert.Equal((1L, 0L, 0L), (snapshot.Counters.Outcomes, snapshot.Counters.UnmatchedOutcomes, snapshot.Counters.PendingOutcomes));
    }

    [Fact]
    public void An_outcome_two_days_late_is_counted_only_in_the_thirty_day_window()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p-1", score: 0.2)]));

        var at = T0.AddDays(2);
        monitor.Apply(Ev.Batch(at, [], [Ev.Outcome(at, "p-1", 1)])); // a false negative

        var snapshot = monitor.Snapshot();
        Assert.Equal(0, snapshot.Windows[WindowSpan.OneDay].QualitySamples);
        Assert.Equal((1L, 0.0), (snapshot.Windows[WindowSpan.ThirtyDays].QualitySamples, snapshot.Windows[WindowSpan.ThirtyDays].Quality!.Value));
    }

    [Fact]
    public void An_outcome_in_the_same_batch_as_its_prediction_is_joined()
    {
        var monitor = TestModels.Monitor();

        var result = monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p-1", score: 0.8)], [Ev.Outcome(T0, "p-1", 0)])).Result;

        Assert.Equal(0, result.UnmatchedOutcomes);
        Assert.Equal(0.0, monitor.Snapshot().Windows[WindowSpan.FiveMinutes].Quality); // a false positive
    }

    [Fact]
    public void Outcomes_for_unknown_or_already_answered_predictions_are_counted_unmatched()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p-1")]));

        var result = monitor.Apply(Ev.Batch(T0, [],
            [Ev.Outcome(T0, "p-1", 1), Ev.Outcome(T0, "never-predicted", 1), Ev.Outcome(T0, "p-1", 1)])).Result;

        Assert.Equal(2, result.UnmatchedOutcomes);
        var snapshot = monitor.Snapshot();
        Assert.Equal((3L, 2L), (snapshot.Counters.Outcomes, snapshot.Counters.UnmatchedOutcomes));
        Assert.Equal(1, snapshot.Windows[WindowSpan.OneHour].QualitySamples);
    }

    [Fact]
    public void An_outcome_for_a_prediction_older_than_thirty_days_is_unmatched()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "p-old")]));

        var at = T0.AddDays(30).AddSeconds(1);
        var result = monitor.Apply(Ev.Batch(at, [], [Ev.Outcome(at, "p-old", 1)])).Result;

        Assert.Equal(1, result.UnmatchedOutcomes);
        Assert.Equal(0, monitor.Snapshot().Counters.PendingOutcomes);
    }

    [Fact]
    public void An_outcome_whose_prediction_was_forgotten_for_capacity_is_unmatched()
    {
        var monitor = new ModelMonitor(TestModels.Define(), new LevelState(), new WindowCheckpoint { Pending = new PendingPredictions(capacity: 2) });
        monitor.Apply(Ev.Batch(T0, [Ev.Prediction(T0, id: "a"), Ev.Prediction(T0, id: "b"), Ev.Prediction(T0, id: "c")]));

        var result = monitor.Apply(Ev.Batch(T0, [], [Ev.Outcome(T0, "a", 1), Ev.Outcome(T0, "c", 1)])).Result;

        Assert.Equal(1, result.UnmatchedOutcomes);
        Assert.Equal(1, monitor.Snapshot().Windows[WindowSpan.FiveMinutes].QualitySamples);
    }
}
