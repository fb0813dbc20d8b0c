using Fleet.Events;
using Fleet.Monitoring.Owner;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>The product owner's readings per window, each checked against values worked by hand.</summary>
public sealed class OwnerReadingsTests
{
    [Fact]
    public void Engagement_feedback_opt_outs_value_uplift_and_return_are_read_per_window()
    {
        var monitor = TestModels.Monitor(TestModels.Define() with { CostPerPrediction = 0.02 });
        // The model: 1,000 predictions, 100 clicks, 20 conversions worth 5.0 each, 30 up / 10 down / 10 not-for-me, 5 opt-outs.
        var (predictions, outcomes) = OwnerEvents.Answered(1000, T0, T0.AddMinutes(5), clicks: 100, conversions: 20, valueEach: 5,
            up: 30, down: 10, notForMe: 10, optOuts: 5);
        // The holdout: 200 requests answered by the baseline, 10 conversions worth 1.0 each.
        var (held, heldOutcomes) = OwnerEvents.Answered(200, T0, T0.AddMinutes(5), conversions: 10, valueEach: 1, holdout: true);
        Assert.True(monitor.Apply(Ev.Batch(T0, [.. predictions, .. held])).Result.Accepted);
        Assert.True(monitor.Apply(Ev.Batch(T0.AddMinutes(5), outcomes: [.. outcomes, .. heldOutcomes])).Result.Accepted);

        var snapshot = monitor.Snapshot();
        var day = snapshot.Owner!.Single(r => r.Window == OwnerWindow.OneDay);
        Assert.Equal(1000, day.Predictions);
        Assert.Equal(0.10, day.EngagementRate);                // 100 / 1,000
        Assert.Equal(0.02, day.ConversionRate);                // 20 / 1,000
        Assert.Equal(50, day.Feedback);                        // 30 + 10 + 10
        Assert.Equal(50.0, day.FeedbackPer1000);               // 1,000 x 50 / 1,000
        Assert.Equal(0.6, day.Sentiment);                      // 30 up of 50
        Assert.Equal(0.005, day.OptOutRate);                   // 5 / 1,000
        Assert.Equal(100.0, day.ValuePer1000);                 // 1,000 x (20 x 5.0) / 1,000
        Assert.Equal(200, day.HoldoutRequests);
        Assert.Equal(50.0, day.HoldoutValuePer1000);           // 1,000 x (10 x 1.0) / 200
        Assert.Equal(50.0, day.UpliftPer1000);                 // 100 - 50
        Assert.Equal(0.02, day.CostPerPrediction);
        Assert.Equal(1.5, day.ReturnOnCost!.Value, 12);        // (50 / 1,000 - 0.02) / 0.02
        // The week and the month hold the same day.
        Assert.All(snapshot.Owner!, r => Assert.Equal(day with { Window = r.Window }, r));
        // The holdout's requests never reach the model's own windows.
        Assert.Equal(1000, snapshot.Windows[Fleet.Models.WindowSpan.OneHour].Volume);
        Assert.Equal(1000, snapshot.Windows[Fleet.Models.WindowSpan.OneHour].Outcomes);
    }

    [Fact]
    public void A_model_that_reports_no_responses_has_no_engagement_figures_rather_than_zero()
    {
        var monitor = TestModels.Monitor();
        var (predictions, outcomes) = OwnerEvents.Answered(100, T0, T0.AddMinutes(1), respond: false);
        monitor.Apply(Ev.Batch(T0, predictions));
        monitor.Apply(Ev.Batch(T0.AddMinutes(1), outcomes: outcomes));
        var day = monitor.Snapshot().Owner!.Single(r => r.Window == OwnerWindow.OneDay);
        Assert.Equal((100L, 0L), (day.Predictions, day.Responses));
        Assert.Equal([null, null, null, null, null, null, null], new[] { day.EngagementRate, day.ConversionRate, day.Sentiment, day.OptOutRate, day.ValuePer1000, day.UpliftPer1000, day.ReturnOnCost });
    }

    [Fact]
    public void Responses_count_in_the_window_of_their_prediction_and_leave_with_it()
    {
        var monitor = TestModels.Monitor();
        // 400 predictions 10 days ago, 8 opt-outs; 600 today, 3 opt-outs (the days before 30 keep the clock honest).
        var (old, oldOutcomes) = OwnerEvents.Answered(400, T0.AddDays(-10), T0.AddDays(-10).AddMinutes(1), optOuts: 8);
        var (now, nowOutcomes) = OwnerEvents.Answered(600, T0, T0.AddMinutes(1), optOuts: 3);
        monitor.Apply(Ev.Batch(T0.AddDays(-10), old));
        monitor.Apply(Ev.Batch(T0.AddDays(-10).AddMinutes(1), outcomes: oldOutcomes));
        monitor.Apply(Ev.Batch(T0, now));
        monitor.Apply(Ev.Batch(T0.AddMinutes(1), outcomes: nowOutcomes));
        var readings = monitor.Snapshot().Owner!.ToDictionary(r => r.Window);
        Assert.Equal(3 / 600.0, readings[OwnerWindow.SevenDays].OptOutRate);   // the week holds today only
        Assert.Equal(11 / 1000.0, readings[OwnerWindow.ThirtyDays].OptOutRate); // the month both days
    }

    [Fact]
    public void Volume_drop_compares_the_last_24_hours_with_the_average_day_of_the_week_before()
    {
        var windows = new EngagementWindows();
        var today = Day0.AddDays(20);
        // 240 requests at 06:00 on each of the 7 days before today; 120 today at 06:00; read at 12:00 (the last 24 h
        // start yesterday 13:00, after yesterday's traffic). Average day 240, last 24 h 120: a drop of (240 - 120) / 240.
        for (var d = 7; d >= 1; d--)
            for (var i = 0; i < 240; i++) windows.RecordRequest(TrafficArm.Model, today.AddDays(-d).AddHours(6).UtcTicks);
        for (var i = 0; i < 120; i++) windows.RecordRequest(TrafficArm.Model, today.AddHours(6).UtcTicks);
        Assert.Equal(0.5, OwnerReadings.VolumeDrop(windows, today.AddHours(12).UtcTicks));

        // Six days of history are not a week: no reading.
        var young = new EngagementWindows();
        for (var d = 6; d >= 1; d--)
            for (var i = 0; i < 240; i++) young.RecordRequest(TrafficArm.Model, today.AddDays(-d).AddHours(6).UtcTicks);
        Assert.Null(OwnerReadings.VolumeDrop(young, today.AddHours(12).UtcTicks));
    }

    [Fact]
    public void Opt_out_rate_above_two_percent_over_seven_days_fires_its_alert_and_one_below_does_not()
    {
        static IReadOnlyList<string> AlertsAfter(int optOuts)
        {
            var monitor = TestModels.Monitor();
            // 1,000 predictions an hour for two hours, each hour's opt-outs as given; the rule holds for an hour.
            for (var h = 0; h <= 2; h++)
            {
                var at = T0.AddHours(h);
                var (p, o) = OwnerEvents.Answered(1000, at, at, optOuts: optOuts);
                monitor.Apply(Ev.Batch(at, p, o)); // outcomes with their predictions: the rate is never diluted by unanswered ones
            }
            return monitor.Snapshot().ActiveAlerts!;
        }
        Assert.Contains("opt-out-rate (firing)", AlertsAfter(optOuts: 25));       // 2.5 %
        Assert.DoesNotContain(AlertsAfter(optOuts: 15), a => a.StartsWith("opt-out-rate", StringComparison.Ordinal)); // 1.5 %
    }

    [Fact]
    public void A_bad_response_value_is_refused_naming_its_field()
    {
        var monitor = TestModels.Monitor();
        var p = OwnerEvents.Prediction(T0);
        monitor.Apply(Ev.Batch(T0, [p]));
        var refused = monitor.Apply(Ev.Batch(T0, outcomes: [new OutcomeEvent(T0, p.PredictionId, 1, new UserResponse(true, false, double.NaN, null, false))]));
        Assert.Equal(("outcomes[0].value", "must be a finite number from -1e9 to 1e9"), (refused.Result.Error!.Field, refused.Result.Error.Reason));
    }
}
