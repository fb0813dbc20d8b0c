using Fleet.Catalogue;
using Fleet.Models;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README "Degradation policy": each breach calls for a level; the model's level is the worst one called for;
/// getting worse is immediate, with a reason and the event time of the evaluation.
/// Limits are those of <see cref="TestModels.Standard"/> (quality launch 0.80, baseline 0.50, latency 200 ms,
/// error/timeout 1 %, fallback 5 %, coverage 95 %, error state 50 %).
/// </summary>
public sealed class DegradationPolicyTests
{
    private static readonly Dictionary<string, Health> BreachOf = new()
    {
        ["error-state"] = new Health(ErrorRate: 0.30, TimeoutRate: 0.30),
        ["quality-below-baseline"] = new Health(Quality: 0.45),
        ["quality-below-launch"] = new Health(Quality: 0.70),
        ["error-rate"] = new Health(ErrorRate: 0.02),
        ["timeout-rate"] = new Health(TimeoutRate: 0.02),
        ["latency-p95"] = new Health(LatencyP95: 250),
        ["fallback-rate"] = new Health(FallbackRate: 0.10),
        ["coverage"] = new Health(Coverage: 0.90),
    };

    [Theory]
    [InlineData("error-state", DegradationLevel.ErrorState)]
    [InlineData("quality-below-baseline", DegradationLevel.GenericFallback)]
    [InlineData("quality-below-launch", DegradationLevel.RulesFallback)]
    [InlineData("error-rate", DegradationLevel.RulesFallback)]
    [InlineData("timeout-rate", DegradationLevel.RulesFallback)]
    [InlineData("latency-p95", DegradationLevel.RulesFallback)]
    [InlineData("fallback-rate", DegradationLevel.ReducedAi)]
    [InlineData("coverage", DegradationLevel.ReducedAi)]
    public void Each_breach_moves_a_full_AI_model_to_the_level_the_policy_table_calls_for(string threshold, DegradationLevel expected)
    {
        var driver = new PolicyDriver();
        var now = T0.AddMinutes(3);

        var decision = driver.At(now, BreachOf[threshold]);

        var breach = Assert.Single(decision.Breaches, b => b.Threshold == threshold);
        Assert.Equal(expected, breach.Severity);
        Assert.Equal(expected, decision.Breaches.Max(b => b.Severity));
        Assert.Equal(expected, driver.State.Level);
        var transition = Assert.Single(driver.State.History);
        Assert.Same(transition, decision.Transition);
        Assert.Equal((DegradationLevel.FullAi, expected, now), (transition.From, transition.To, transition.At));
        Assert.StartsWith("breached: ", transition.Reason);
        Assert.Contains(breach.Message, transition.Reason);
    }

    [Fact]
    public void Level_drops_to_rules_fallback_when_p95_latency_breaches_over_five_minutes()
    {
        var driver = new PolicyDriver();

        var decision = driver.At(T0, new Health(LatencyP95: 250));

        var breach = Assert.Single(decision.Breaches);
        Assert.Equal(("latency-p95", WindowSpan.FiveMinutes, 250.0, 200.0), (breach.Threshold, breach.Window, breach.Value, breach.Limit));
        Assert.Equal(DegradationLevel.RulesFallback, driver.State.Level);
        Assert.Equal("breached: latency P95 250 ms over 5m exceeds 200 ms", decision.Transition!.Reason);
    }

    [Fact]
    public void Min_volume_floor_breach_calls_for_reduced_AI()
    {
        var model = TestModels.Define(thresholds: TestModels.Standard.With(ThresholdCatalogue.MinVolume, new Limit(500, WindowSpan.OneHour, 0)));
        var driver = new PolicyDriver(model);

        var decision = driver.At(T0, new Health(Volume1h: 400));

        var breach = Assert.Single(decision.Breaches);
        Assert.Equal(("min-volume", DegradationLevel.ReducedAi, 400.0, 500.0), (breach.Threshold, breach.Severity, breach.Value, breach.Limit));
        Assert.Equal(DegradationLevel.ReducedAi, driver.State.Level);
    }

    [Fact]
    public void Min_volume_is_off_unless_set()
    {
        var driver = new PolicyDriver(); // Standard: MinVolume value 0

        var decision = driver.At(T0, new Health(Volume5m: 0, Volume1h: 0, QualitySamples: 0));

        Assert.Empty(decision.Breaches);
        Assert.Equal(DegradationLevel.FullAi, driver.State.Level);
    }

    [Fact]
    public void The_worst_breach_wins_and_the_reason_names_the_breaches_of_that_level()
    {
        var driver = new PolicyDriver();

        var decision = driver.At(T0, new Health(Quality: 0.45, LatencyP95: 250, Coverage: 0.90));

        Assert.Equal(["quality-below-baseline", "latency-p95", "coverage"], decision.Breaches.Select(b => b.Threshold).ToArray());
        Assert.Equal(DegradationLevel.GenericFallback, driver.State.Level);
        var reason = decision.Transition!.Reason;
        Assert.Contains("no better than the 50% baseline", reason);
        Assert.DoesNotContain("latency", reason);
    }

    [Fact]
    public void Getting_worse_is_immediate_step_by_step_each_transition_with_its_own_time_and_reason()
    {
        var driver = new PolicyDriver();

        driver.At(T0, new Health(Coverage: 0.90));
        driver.At(T0.AddSeconds(1), new Health(Coverage: 0.90, ErrorRate: 0.02));
        driver.At(T0.AddSeconds(2), new Health(Coverage: 0.90, ErrorRate: 0.30, TimeoutRate: 0.25));

        Assert.Equal(
            [
                (DegradationLevel.FullAi, DegradationLevel.ReducedAi, T0),
                (DegradationLevel.ReducedAi, DegradationLevel.RulesFallback, T0.AddSeconds(1)),
                (DegradationLevel.RulesFallback, DegradationLevel.ErrorState, T0.AddSeconds(2)),
            ],
            driver.State.History.Select(t => (t.From, t.To, t.At)).ToArray());
        Assert.Contains("coverage 90% over 1h is below 95%", driver.State.History[0].Reason);
        Assert.Contains("error rate 2% over 5m exceeds 1%", driver.State.History[1].Reason);
        Assert.Contains("errors and timeouts are 55% of 5m traffic", driver.State.History[2].Reason);
    }

    [Fact]
    public void A_less_severe_breach_does_not_move_a_model_up_or_down_by_itself()
    {
        var driver = new PolicyDriver();
        driver.At(T0, new Health(LatencyP95: 250));

        var decision = driver.At(T0.AddMinutes(1), new Health(LatencyP95: 250, Coverage: 0.90));

        Assert.Null(decision.Transition);
        Assert.Equal(DegradationLevel.RulesFallback, driver.State.Level);
    }

    [Theory]
    [InlineData("latency-p95")]
    [InlineData("error-rate")]
    [InlineData("fallback-rate")]
    [InlineData("coverage")]
    [InlineData("quality-below-launch")]
    public void A_value_exactly_at_a_strict_limit_is_not_a_breach(string threshold)
    {
        var health = threshold switch
        {
            "latency-p95" => new Health(LatencyP95: 200),
            "error-rate" => new Health(ErrorRate: 0.01),
            "fallback-rate" => new Health(FallbackRate: 0.05),
            "coverage" => new Health(Coverage: 0.95),
            _ => new Health(Quality: 0.80),
        };
        var driver = new PolicyDriver();

        Assert.Empty(driver.At(T0, health).Breaches);
        Assert.Equal(DegradationLevel.FullAi, driver.State.Level);
    }

    [Fact]
    public void Below_its_minimum_samples_over_every_window_it_may_be_read_over_a_bad_metric_is_not_judged()
    {
        var driver = new PolicyDriver();

        // Quality needs N >= 100, latency/error/timeout N >= 100 over 5m (or 1h, or 24h), error state N >= 20.
        var decision = driver.At(T0, new Health(Quality: 0.10, QualitySamples: 99, LatencyP95: 900, ErrorRate: 0.9,
            Volume5m: 19, Volume1h: 19, Volume24h: 19));

        Assert.Empty(decision.Breaches);
        Assert.Equal(DegradationLevel.FullAi, driver.State.Level);
    }

    [Fact]
    public void A_quiet_models_traffic_thresholds_are_judged_over_the_first_longer_window_holding_their_minimum()
    {
        var driver = new PolicyDriver();

        // 19 requests over 5 minutes judge nothing; the hour's 60 judge the error state (N >= 20) but not the error rate,
        // timeout rate or latency (N >= 100), which the day's 1,440 judge.
        var decision = driver.At(T0, new Health(LatencyP95: 900, ErrorRate: 0.9, Volume5m: 19, Volume1h: 60, Volume24h: 1_440));

        Assert.Equal(
            [("error-state", WindowSpan.OneHour), ("error-rate", WindowSpan.OneDay), ("latency-p95", WindowSpan.OneDay)],
            decision.Breaches.Select(b => (b.Threshold, b.Window)));
        Assert.Equal("errors and timeouts are 90% of 1h traffic (error state at 50%): nothing can be served " +
            "(judged over 1h: 5m held too few samples)", decision.Breaches[0].Message);
        Assert.Equal(DegradationLevel.ErrorState, driver.State.Level);
    }

    [Fact]
    public void Errors_and_timeouts_at_exactly_half_of_five_minute_traffic_are_an_error_state()
    {
        var driver = new PolicyDriver();

        driver.At(T0, new Health(ErrorRate: 0.25, TimeoutRate: 0.25)); // 50 % of 200 predictions

        Assert.Equal(DegradationLevel.ErrorState, driver.State.Level);
    }

    [Fact]
    public void Quality_equal_to_the_baseline_is_no_better_than_the_baseline()
    {
        var driver = new PolicyDriver();

        driver.At(T0, new Health(Quality: 0.50)); // baseline 0.50

        Assert.Equal(DegradationLevel.GenericFallback, driver.State.Level);
    }
}
