using Fleet.Events;
using Fleet.Models;
using Fleet.Simulation;
using Fleet.Simulation.Faults;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Fleet.Tests.Simulation;
using Xunit;

namespace Fleet.Tests.Owner;

/// <summary>The simulator's users: engagement and value follow quality, feedback is sparse and skewed, opt-outs rise when quality stays low.</summary>
public sealed class SimulatedOwnerTests
{
    private static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);

    private static SimulatedModel Model(double underTrained = 0, double holdout = 0, double rate = 10)
    {
        var model = Sim.Model("credit", rate: rate);
        model.UserResponses = true;
        model.HoldoutShare = holdout;
        if (underTrained > 0) model.LaunchUnderTrained(underTrained);
        return model;
    }

    private static (double Clicks, double OptOuts, double Feedback, double Unhappy, double Value) Rates(IEnumerable<OutcomeEvent> outcomes)
    {
        var responses = outcomes.Select(o => o.Response!).ToList();
        var feedback = responses.Where(r => r.Feedback is not null).ToList();
        return (responses.Share(r => r.Clicked), responses.Share(r => r.OptedOut), responses.Share(r => r.Feedback is not null),
            feedback.Share(r => r.Feedback is not UserFeedback.Up), responses.Average(r => r.Value));
    }

    [Fact]
    public void Engagement_value_feedback_and_opt_outs_follow_quality()
    {
        var good = Sim.Generate(Model(), TwoHours);
        var bad = Sim.Generate(Model(underTrained: 2), TwoHours);
        Assert.True(good.Quality(QualityMetricKind.Accuracy) - bad.Quality(QualityMetricKind.Accuracy) > 0.1, "the under-trained model is clearly worse");

        var secondHour = Sim.T0.AddHours(1);
        var g = Rates(good.Joined().Where(j => j.Prediction.Timestamp >= secondHour).Select(j => j.Outcome));
        var b = Rates(bad.Joined().Where(j => j.Prediction.Timestamp >= secondHour).Select(j => j.Outcome));
        Assert.True(g.Clicks > b.Clicks + 0.02, $"clicks {g.Clicks:P2} vs {b.Clicks:P2}");
        Assert.True(g.Value > b.Value, $"value per request {g.Value:0.###} vs {b.Value:0.###}");
        Assert.True(g.Feedback < 0.05 && b.Feedback < 0.05, $"feedback is sparse: {g.Feedback:P2}, {b.Feedback:P2}");
        // Skewed: unhappy users speak up more, so the share of unhappy feedback is well above the share of bad answers.
        var goodMisses = 1 - good.Quality(QualityMetricKind.Accuracy);
        Assert.True(g.Unhappy > 2 * goodMisses, $"unhappy feedback {g.Unhappy:P0} against {goodMisses:P0} bad answers");
        Assert.True(b.Unhappy > g.Unhappy + 0.1, $"unhappy feedback {b.Unhappy:P0} for the bad model, {g.Unhappy:P0} for the good");
        Assert.True(b.OptOuts > 3 * g.OptOuts, $"opt-outs {b.OptOuts:P3} vs {g.OptOuts:P3}");

        // They rise while quality stays low: the bad model's second hour against its first ten minutes.
        var early = Rates(bad.Joined().Where(j => j.Prediction.Timestamp < Sim.T0.AddMinutes(10)).Select(j => j.Outcome));
        Assert.True(b.OptOuts > 2 * early.OptOuts, $"opt-outs {early.OptOuts:P3} in the first ten minutes, {b.OptOuts:P3} in the second hour");
    }

    [Fact]
    public void A_holdout_share_gets_the_baseline_and_its_users_engage_less()
    {
        var trace = Sim.Generate(Model(holdout: 0.05), TwoHours);
        var holdout = trace.Joined().Where(j => j.Prediction.Holdout).ToList();
        var share = (double)holdout.Count / trace.Predictions.Count;
        Assert.InRange(share, 0.045, 0.055);
        Assert.All(holdout, j => Assert.Null(j.Prediction.Score));
        var served = Rates(trace.Joined().Where(j => !j.Prediction.Holdout).Select(j => j.Outcome));
        var baseline = Rates(holdout.Select(j => j.Outcome));
        Assert.True(served.Clicks > baseline.Clicks, $"clicks {served.Clicks:P2} served vs {baseline.Clicks:P2} holdout");
    }

    [Fact]
    public void Through_the_monitor_a_holdout_measures_the_uplift_the_simulated_users_give_the_model_over_the_baseline()
    {
        // Two hours of a credit model at 20 requests a second, a fifth of them held out (answered by the 60 % baseline),
        // every batch through the real monitor.
        var model = Model(holdout: 0.2, rate: 20);
        var monitor = TestModels.Monitor(TestModels.Define(domain: "credit"));
        var predictions = new Dictionary<string, PredictionEvent>(StringComparer.Ordinal);
        var outcomes = new List<OutcomeEvent>();
        var (healthy, silent) = (new FaultEffects(), new FaultEffects { TrafficFactor = 0 });
        for (var at = Sim.T0; at < Sim.T0 + TwoHours || model.PendingOutcomes > 0; at += Sim.Tick)
        {
            var (p, o) = model.Generate(at, Sim.Tick, Sim.Flat, at < Sim.T0 + TwoHours ? healthy : silent);
            foreach (var x in p) predictions[x.PredictionId] = x;
            outcomes.AddRange(o);
            if (p.Count + o.Count == 0) continue;
            var result = monitor.Apply(Ev.Batch(at + Sim.Tick, p, o)).Result;
            Assert.True(result.Accepted, result.Error?.Reason);
        }

        // Per arm: value per request as sent, and as the simulator's users make it by hand: a good answer is clicked
        // 30 % of the time, a bad one 5 %, a click converts 20 % of the time, a conversion is worth 20 (lognormal, mean 20):
        // 1.2 per good answer, 0.2 per bad one. Noise (who clicks, what a conversion is worth) is all that separates them.
        (long N, double Value, double SumSquares, double Expected, long Good) Arm(bool holdout)
        {
            var n = predictions.Values.LongCount(p => p.Holdout == holdout);
            var answered = outcomes.Where(o => o.Response is not null && predictions[o.PredictionId].Holdout == holdout).ToList();
            bool IsGood(OutcomeEvent o) => holdout ? o.Label >= 0.5 : (predictions[o.PredictionId].Score >= 0.5) == (o.Label >= 0.5);
            var good = answered.LongCount(IsGood);
            return (n, answered.Sum(o => o.Response!.Value), answered.Sum(o => o.Response!.Value * o.Response.Value),
                (1.2 * good + 0.2 * (answered.Count - good)) / n, good);
        }
        var served = Arm(holdout: false);
        var baseline = Arm(holdout: true);
        double Mean((long N, double Value, double, double, long) a) => a.Value / a.N;
        double Variance((long N, double Value, double SumSquares, double, long) a) => a.SumSquares / a.N - Math.Pow(a.Value / a.N, 2);
        var standardError = 1000 * Math.Sqrt(Variance(served) / served.N + Variance(baseline) / baseline.N);

        var reading = monitor.Snapshot().Owner!.Single(r => r.Window == OwnerWindow.OneDay);
        Assert.Equal(1000 * (Mean(served) - Mean(baseline)), reading.UpliftPer1000!.Value, 6);
        var expected = 1000 * (served.Expected - baseline.Expected);
        Assert.True(Math.Abs(reading.UpliftPer1000.Value - expected) < 4 * standardError,
            $"uplift {reading.UpliftPer1000:0.#} per 1,000 against {expected:0.#} by hand (standard error {standardError:0.#})");
        Assert.True(reading.UpliftPer1000 > 4 * standardError, $"uplift {reading.UpliftPer1000:0.#} is measurable: standard error {standardError:0.#}");
        // The holdout is answered by the baseline: right 60 % of the time (credit's registered baseline).
        var baselineGood = (double)baseline.Good / baseline.N;
        Assert.True(Math.Abs(baselineGood - 0.6) < 4 * Math.Sqrt(0.24 / baseline.N), $"baseline right {baselineGood:P2} of the time");

        // Value follows quality with noise: a conversion's worth varies as the lognormal's (sigma 0.6: CV 0.66).
        var worth = outcomes.Where(o => o.Response is { Converted: true }).Select(o => o.Response!.Value).ToList();
        var cv = Math.Sqrt(worth.Average(v => v * v) - Math.Pow(worth.Average(), 2)) / worth.Average();
        Assert.InRange(cv, 0.58, 0.74);
    }

    [Fact]
    public void Turning_responses_on_changes_no_other_number_of_the_run()
    {
        var plain = Sim.Generate(Sim.Model("credit", rate: 10), TimeSpan.FromMinutes(30));
        var responding = Sim.Generate(Model(), TimeSpan.FromMinutes(30));
        Assert.Equal(Json.Of(plain.Predictions), Json.Of(responding.Predictions));
        Assert.Equal(Json.Of(plain.Outcomes), Json.Of(responding.Outcomes.Select(o => o with { Response = null })));
        Assert.All(responding.Outcomes, o => Assert.NotNull(o.Response));
    }

    [Fact]
    public void A_rollout_better_overall_but_worse_for_one_segment_is_not_promoted_and_the_segment_is_named()
    {
        // The current version is under-trained; the candidate, freshly trained, serves 25 % of requests and is wrong
        // 60 % of the time for 18-24 year olds. Three hours at 20 requests a second, through the real monitor.
        var model = Sim.Model("credit", rate: 20);
        model.LaunchUnderTrained(1.0);
        model.Candidate = new SimulatedCandidate("2", 0.25, WeakSegment: "18-24", WeakFlip: 0.6);
        var monitor = TestModels.Monitor(TestModels.Define(domain: "credit") with
        {
            Version = "1", Candidate = new CandidateVersion("2", RolloutStage.TwentyFivePercent),
        });
        var healthy = new FaultEffects();
        for (var at = Sim.T0; at < Sim.T0.AddHours(3); at += Sim.Tick)
        {
            var (predictions, outcomes) = model.Generate(at, Sim.Tick, Sim.Flat, healthy);
            Assert.True(monitor.Apply(Ev.Batch(at + Sim.Tick, predictions, outcomes)).Result.Accepted);
        }

        var report = monitor.Rollout()!;
        Assert.Equal("better", report.Overall.Single(l => l.Dimension == "quality").Finding);
        Assert.Equal("worse", report.Segments.Single(l => l.Dimension == "quality" && l.Segment == "18-24").Finding);
        Assert.All(report.Segments.Where(l => l.Dimension == "quality" && l.Segment != "18-24"), l => Assert.Equal("better", l.Finding));
        Assert.NotEqual("promote", report.Verdict);
        Assert.Contains(report.Reasons, r => r.StartsWith("quality worse in segment 18-24", StringComparison.Ordinal));
    }
}
