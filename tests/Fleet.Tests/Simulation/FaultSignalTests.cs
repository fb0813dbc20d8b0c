using System.Globalization;
using Fleet.Events;
using Fleet.Models;
using Fleet.Simulation.Faults;

namespace Fleet.Tests.Simulation;

/// <summary>
/// Healthy traces shared by the fault tests: one simulated model, seed 7, 10 predictions per second of
/// flat traffic for an hour (about 36,000 predictions). A faulted model built with the same seed and id
/// draws its features from the same stream, so the comparison isolates the fault.
/// </summary>
public sealed class HealthyTraces
{
    private readonly Lazy<Trace> _credit = new(() => Sim.Generate(Sim.Model("credit"), TimeSpan.FromHours(1)));
    private readonly Lazy<Trace> _recommendations = new(() => Sim.Generate(Sim.Model("recommendations"), TimeSpan.FromHours(1)));

    /// <summary>Credit decisions: accuracy, typical 82.5 %.</summary>
    internal Trace Credit => _credit.Value;

    /// <summary>Recommendations: relevance, typical 82.5 %, with an item_category feature.</summary>
    internal Trace Recommendations => _recommendations.Value;

    internal Trace CreditFirst(TimeSpan span) => Credit.Between(Sim.T0, Sim.T0 + span);
}

/// <summary>
/// Each fault, injected into one simulated model, produces the signal it should, measured only from
/// the prediction and outcome events the model emits, against the same model and seed left healthy.
/// Tolerances are stated per test; samples are sized so that a correct simulator passes by a wide
/// margin (at least ~4 standard errors), and the seeds are fixed.
/// </summary>
public sealed class FaultSignalTests(HealthyTraces healthy) : IClassFixture<HealthyTraces>
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);
    private const QualityMetricKind Accuracy = QualityMetricKind.Accuracy;

    [Fact]
    public void Healthy_model_serves_at_its_domains_typical_quality()
    {
        // Credit's typical accuracy is halfway between target 80 % and stretch 85 %. The noise is
        // calibrated on 2,000 draws, so the model's own expected accuracy sits within ~1 point of it;
        // 36,000 joined outcomes add a standard error of 0.2 points.
        var joined = healthy.Credit.Joined();
        Assert.True(joined.Count > 30_000, $"{joined.Count} outcomes joined");
        Assert.InRange(Sim.Quality(Accuracy, joined), 0.80, 0.85);
        // Healthy and unmonitored: every answered request is served by the model itself, at level 1.
        Assert.All(healthy.Credit.Predictions.Where(p => p.Score is not null), p => Assert.True(p.ServedLevel == 1 && !p.Fallback, Sim.Describe(p)));
    }

    [Fact]
    public void Concept_drift_lowers_quality_without_moving_the_input_means()
    {
        var before = healthy.CreditFirst(HalfHour);
        var drifted = Sim.Generate(Sim.Model("credit"), HalfHour, Sim.Effects(Sim.Fault(FaultKind.ConceptDrift, 1.5)));

        // About 18,000 joined outcomes each: the standard error of the difference is under 0.5 points.
        // A 1.5 shift turns the true concept by ~56 degrees; accuracy must fall by at least 8 points.
        var drop = before.Quality(Accuracy) - drifted.Quality(Accuracy);
        Assert.True(drop >= 0.08, $"accuracy fell by only {drop:P1}");

        // Inputs look unchanged: every numeric feature's mean within 0.05 sd of the healthy one
        // (the standard error of a difference of two such means is ~0.011 sd).
        foreach (var f in Sim.NumericFeatures)
        {
            var sd = before.Predictions.Numbers(f).Sd();
            var shift = Math.Abs(drifted.Predictions.Numbers(f).Mean() - before.Predictions.Numbers(f).Mean()) / sd;
            Assert.True(shift < 0.05, $"{f} moved by {shift:F3} sd under concept drift");
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Data_drift_moves_the_input_means_by_about_magnitude_standard_deviations(double magnitude)
    {
        var before = healthy.CreditFirst(HalfHour);
        var drifted = Sim.Generate(Sim.Model("credit"), HalfHour, Sim.Effects(Sim.Fault(FaultKind.DataDrift, magnitude)));

        // Direction-agnostic: the length of the vector of mean shifts, each in healthy standard deviations.
        var distance = Math.Sqrt(Sim.NumericFeatures.Sum(f =>
        {
            var shift = (drifted.Predictions.Numbers(f).Mean() - before.Predictions.Numbers(f).Mean()) / before.Predictions.Numbers(f).Sd();
            return shift * shift;
        }));
        // Each component has a standard error of ~0.011 sd; allow 10 % of the magnitude plus 0.05.
        Assert.InRange(distance, magnitude * 0.9 - 0.05, magnitude * 1.1 + 0.05);
        // Quality may or may not fall under data drift: nothing is asserted about it, but the model still predicts.
        Assert.True(drifted.Joined().Count > 15_000);
    }

    [Fact]
    public void Seasonal_drift_makes_quality_oscillate_with_the_period()
    {
        var period = TimeSpan.FromMinutes(30);
        var seasonal = Sim.Generate(Sim.Model("credit"), 2 * period,
            Sim.Effects(Sim.Fault(FaultKind.SeasonalDrift, 1.5, period: period)));

        // Twelve phase bins of 2.5 minutes per period, two periods: ~1,500 outcomes per bin and period
        // (standard error ~1 point; of a difference between the periods ~1.4 points).
        static double[,] Bins(Trace trace, TimeSpan period)
        {
            var bins = new double[2, 12];
            var joined = trace.Joined();
            for (var k = 0; k < 2; k++)
                for (var b = 0; b < 12; b++)
                {
                    var from = Sim.T0 + k * period + b * (period / 12);
                    var to = from + period / 12;
                    bins[k, b] = Sim.Quality(Accuracy, joined.Where(j => j.Prediction.Timestamp >= from && j.Prediction.Timestamp < to));
                }
            return bins;
        }
        var faulted = Bins(seasonal, period);
        var calm = Bins(healthy.Credit, period);

        // Repeats with the period: each phase bin of the second period within 6 points (> 4 standard errors) of the first.
        for (var b = 0; b < 12; b++)
            Assert.True(Math.Abs(faulted[0, b] - faulted[1, b]) < 0.06, $"bin {b}: {faulted[0, b]:P1} then {faulted[1, b]:P1}");

        // Lowest where the seasonal term peaks (|sin| > 0.9: bins 2, 3, 8, 9), highest where it crosses zero
        // (|sin| < 0.3: bins 0, 5, 6, 11). ~12,000 outcomes per group: the swing's standard error is ~0.5 points.
        // Expected ~15 points under the fault; require 7. Healthy: under 3.
        static double Swing(double[,] q) =>
            new[] { 0, 5, 6, 11 }.Average(b => (q[0, b] + q[1, b]) / 2) - new[] { 2, 3, 8, 9 }.Average(b => (q[0, b] + q[1, b]) / 2);
        Assert.True(Swing(faulted) > 0.07, $"seasonal swing {Swing(faulted):P1}");
        Assert.True(Math.Abs(Swing(calm)) < 0.03, $"healthy swing {Swing(calm):P1}");
    }

    [Fact]
    public void Cold_start_routes_the_magnitudes_share_of_requests_to_fallback_with_no_features()
    {
        const double magnitude = 0.3;
        var cold = Sim.Generate(Sim.Model("credit"), HalfHour, Sim.Effects(Sim.Fault(FaultKind.ColdStart, magnitude)));
        var p = cold.Predictions;

        // ~18,000 predictions: the standard error of a 30 % share is 0.34 points; allow 2 points.
        // (Timeouts and errors add ~0.2 % of null scores of their own.)
        // The fallback answers them; the served level stays the ladder's (1), which is how the monitor
        // tells the model's own fallbacks from the ladder's decisions.
        var fallback = p.Share(x => x.Score is null && x.Fallback && x.ServedLevel == 1);
        Assert.InRange(fallback, magnitude - 0.02, magnitude + 0.02);
        var noHistory = p.Where(x => Sim.NumericFeatures.All(x.IsMissing)).ToList();
        Assert.InRange((double)noHistory.Count / p.Count, magnitude - 0.02, magnitude + 0.02);
        Assert.All(noHistory, x => Assert.True(x.Score is null && x.Fallback && x.ServedLevel == 1, Sim.Describe(x)));
        // Every request without a prediction is served by the fallback.
        Assert.All(p.Where(x => x.Score is null), x => Assert.True(x.Fallback, Sim.Describe(x)));

        var calm = healthy.CreditFirst(HalfHour).Predictions;
        Assert.DoesNotContain(calm, x => Sim.NumericFeatures.Any(x.IsMissing));
        Assert.True(calm.Share(x => x.Score is null) < 0.01);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("nan")]
    [InlineData("stale")]
    [InlineData("type")]
    public void Pipeline_failure_breaks_the_named_feature_only(string mode)
    {
        var broken = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20),
            Sim.Effects(Sim.Fault(FaultKind.PipelineFailure, 1.0, feature: "f2", mode: mode)));
        var p = broken.Predictions;
        Assert.True(p.Count > 10_000);

        var f2 = p.Select(x => x.Features!["f2"]).ToList();
        switch (mode)
        {
            case "missing": // absent: no number, no text
                Assert.All(f2, v => Assert.Equal(new FeatureValue(null, null), v));
                break;
            case "nan": // present but not a number: JSON has no NaN, so it arrives as the text a serialiser writes, never as a gap
                Assert.All(f2, v => Assert.Equal(new FeatureValue(null, "NaN"), v));
                break;
            case "stale": // frozen: one constant number
                Assert.All(f2, v => Assert.NotNull(v.Number));
                Assert.Single(f2.Select(v => v.Number).Distinct());
                break;
            case "type": // the number arrives as a category string
                Assert.All(f2, v =>
                {
                    Assert.Null(v.Number);
                    Assert.True(double.TryParse(v.Category, NumberStyles.Float, CultureInfo.InvariantCulture, out _), v.Category);
                });
                break;
        }

        // The other features are untouched: all present, means within 0.05 healthy sd (standard error ~0.013 sd).
        var calm = healthy.CreditFirst(TimeSpan.FromMinutes(20)).Predictions;
        foreach (var f in new[] { "f1", "f3", "f4" })
        {
            Assert.All(p, x => Assert.NotNull(x.Features![f].Number));
            var shift = Math.Abs(p.Numbers(f).Mean() - calm.Numbers(f).Mean()) / calm.Numbers(f).Sd();
            Assert.True(shift < 0.05, $"{f} moved by {shift:F3} sd when f2 broke ({mode})");
        }
    }

    [Fact]
    public void Pipeline_failure_magnitude_is_the_share_of_events_broken()
    {
        var broken = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20),
            Sim.Effects(Sim.Fault(FaultKind.PipelineFailure, 0.4, feature: "f3", mode: "missing")));
        // ~12,000 predictions: standard error of a 40 % share 0.45 points; allow 2.
        Assert.InRange(broken.Predictions.Share(x => x.IsMissing("f3")), 0.38, 0.42);
        Assert.DoesNotContain(broken.Predictions, x => x.IsMissing("f1") || x.IsMissing("f2") || x.IsMissing("f4"));
    }

    [Fact]
    public void Latency_spike_multiplies_the_latency_percentiles_by_the_magnitude()
    {
        const double magnitude = 3;
        var calm = healthy.CreditFirst(TimeSpan.FromMinutes(20)).Predictions.Select(p => p.LatencyMs).ToList();
        var spiked = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20),
            Sim.Effects(Sim.Fault(FaultKind.LatencySpike, magnitude))).Predictions.Select(p => p.LatencyMs).ToList();

        // ~12,000 latencies each; log-normal with sd 0.4: the P95's relative standard error is ~0.4 %.
        foreach (var q in new[] { 0.5, 0.95 })
        {
            var ratio = spiked.Percentile(q) / calm.Percentile(q);
            Assert.True(Math.Abs(ratio / magnitude - 1) < 0.05, $"P{q * 100:0} grew {ratio:F2}x, expected {magnitude}x");
        }
    }

    [Fact]
    public void Timeouts_make_the_magnitudes_share_of_requests_time_out()
    {
        var p = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20), Sim.Effects(Sim.Fault(FaultKind.Timeouts, 0.1))).Predictions;
        // ~12,000 predictions: standard error 0.27 points on a 10 % share (plus the 0.1 % healthy rate); allow 1.5.
        Assert.InRange(p.Share(x => x.Timeout), 0.085, 0.115);
        Assert.All(p.Where(x => x.Timeout), x => Assert.True(x.Score is null && x.Fallback, Sim.Describe(x)));
        Assert.True(healthy.Credit.Predictions.Share(x => x.Timeout) < 0.005);
    }

    [Fact]
    public void Serving_outage_makes_the_magnitudes_share_of_requests_fail()
    {
        var p = Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20), Sim.Effects(Sim.Fault(FaultKind.ServingOutage, 0.2))).Predictions;
        // ~12,000 predictions: standard error 0.37 points on a 20 % share; allow 1.5.
        Assert.InRange(p.Share(x => x.Error), 0.185, 0.215);
        Assert.All(p.Where(x => x.Error), x => Assert.True(x.Score is null && x.Fallback, Sim.Describe(x)));
        Assert.True(healthy.Credit.Predictions.Share(x => x.Error) < 0.005);
    }

    [Fact]
    public void Label_delay_makes_outcomes_arrive_one_plus_magnitude_times_later()
    {
        const double magnitude = 3;
        static double MedianDelay(Trace t) =>
            t.Joined().Select(j => (j.Outcome.Timestamp - j.Prediction.Timestamp).TotalSeconds).Percentile(0.5);
        var calm = MedianDelay(healthy.CreditFirst(TimeSpan.FromMinutes(20)));
        var late = MedianDelay(Sim.Generate(Sim.Model("credit"), TimeSpan.FromMinutes(20),
            Sim.Effects(Sim.Fault(FaultKind.LabelDelay, magnitude))));

        Assert.InRange(calm, 100, 140); // the scenario's label delay, 2 minutes, with log-normal spread
        // ~12,000 delays each, log-sd 0.3: the median's relative standard error is ~0.35 %; allow 5 %.
        Assert.InRange(late / calm, (1 + magnitude) * 0.95, (1 + magnitude) * 1.05);
    }

    private static (string Category, double Share) Top(Trace t) => t.Predictions
        .GroupBy(p => p.Features!["item_category"].Category!)
        .Select(g => (g.Key, (double)g.Count() / t.Predictions.Count)).MaxBy(x => x.Item2);

    [Fact]
    public void Feedback_loop_narrows_what_is_shown_tick_by_tick_and_erodes_relevance()
    {
        var calm = healthy.Recommendations.Between(Sim.T0, Sim.T0 + HalfHour);
        var model = Sim.Model("recommendations");
        var looped = Sim.Generate(model, TimeSpan.FromHours(4), Sim.Effects(Sim.Fault(FaultKind.FeedbackLoop, 1.0)));
        Trace Half(int hour) => looped.Between(Sim.T0 + TimeSpan.FromHours(hour), Sim.T0 + TimeSpan.FromHours(hour) + HalfHour);

        // Healthy: a mild long tail (weights 1/sqrt(k)), the top category holds 1 / sum(k^-1/2, k=1..10) = 19.9 %.
        var before = Top(calm);
        Assert.InRange(before.Share, 0.18, 0.22);
        // The loop builds up: the same category's share grows half hour by half hour (~18,000 predictions each).
        var shares = Enumerable.Range(0, 4).Select(h => Top(Half(h))).ToList();
        Assert.All(shares, s => Assert.Equal(before.Category, s.Category));
        for (var h = 1; h < 4; h++) Assert.True(shares[h].Share > shares[h - 1].Share + 0.02, string.Join(", ", shares.Select(s => s.Share.ToString("P1"))));
        Assert.True(shares[3].Share > 0.6, $"after 3 hours the top category is only {shares[3].Share:P1}");
        Assert.True(model.Narrowing > 0.5, $"narrowing {model.Narrowing:F2}");

        // Relevance erodes with it: the standard error of the difference is ~0.4 points.
        var drop = calm.Quality(QualityMetricKind.Relevance) - Half(3).Quality(QualityMetricKind.Relevance);
        Assert.True(drop > 0.02, $"relevance fell by only {drop:P2}");
    }

    [Fact]
    public void A_weaker_loop_narrows_more_slowly_and_the_narrowing_outlives_the_loop_until_a_retraining()
    {
        var strong = Sim.Model("recommendations");
        var weak = Sim.Model("recommendations");
        Sim.Generate(strong, TimeSpan.FromHours(2), Sim.Effects(Sim.Fault(FaultKind.FeedbackLoop, 1.0)));
        Sim.Generate(weak, TimeSpan.FromHours(2), Sim.Effects(Sim.Fault(FaultKind.FeedbackLoop, 0.25)));
        Assert.True(strong.Narrowing > weak.Narrowing + 0.1, $"strong {strong.Narrowing:F2}, weak {weak.Narrowing:F2}");
        Assert.True(weak.Narrowing > 0.02, $"a weak loop still narrows: {weak.Narrowing:F2}");

        // The loop switched off: what the model learned from its own exposure stays (it is the model now).
        var after = Sim.Generate(strong, HalfHour, start: Sim.T0 + TimeSpan.FromHours(3));
        Assert.True(Top(after).Share > 0.4, $"the top category fell back to {Top(after).Share:P1} the moment the fault ended");
        strong.StartRetraining(Sim.T0 + TimeSpan.FromHours(4));
        strong.CompleteRetraining();
        Assert.Equal(0, strong.Narrowing);
    }

    [Fact]
    public void Segment_bias_lowers_quality_in_the_named_segment_only()
    {
        var calm = healthy.Credit;
        var biased = Sim.Generate(Sim.Model("credit"), TimeSpan.FromHours(1),
            Sim.Effects(Sim.Fault(FaultKind.SegmentBias, 0.6, segment: "55+")));

        var segments = calm.Predictions.Select(p => p.Segment!).Distinct().Order().ToList();
        Assert.Equal(["18-24", "25-34", "35-54", "55+"], segments);
        foreach (var segment in segments)
        {
            var q0 = calm.Where(p => p.Segment == segment).Quality(Accuracy);
            var q1 = biased.Where(p => p.Segment == segment).Quality(Accuracy);
            if (segment == "55+")
            {
                // 60 % of its decisions flipped: accuracy heads for ~45 %; ~5,400 outcomes; require a 20-point fall.
                Assert.True(q0 - q1 > 0.20, $"{segment}: {q0:P1} -> {q1:P1}");
            }
            else
            {
                // At least ~7,000 outcomes each: the standard error of the difference is ~0.65 points; allow 3.
                Assert.True(Math.Abs(q0 - q1) < 0.03, $"{segment} should be untouched: {q0:P1} -> {q1:P1}");
            }
        }
    }

    [Fact]
    public void Traffic_drop_lowers_volume_by_the_magnitude()
    {
        var calm = healthy.CreditFirst(HalfHour).Predictions.Count;
        var dropped = Sim.Generate(Sim.Model("credit"), HalfHour, Sim.Effects(Sim.Fault(FaultKind.TrafficDrop, 0.6))).Predictions.Count;
        // ~18,000 against ~7,200 Poisson counts: the ratio's standard error is ~0.5 points; allow 2.
        Assert.InRange((double)dropped / calm, 0.38, 0.42);
    }
}
