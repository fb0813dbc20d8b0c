using Fleet.Models;
using Fleet.Monitoring.Levels;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README: getting better needs every threshold of the better level inside its limit by the margin (10 %:
/// latency <= 180 ms for a 200 ms limit; coverage >= 0.955 for 95 %, since the shortfall 1 - c must be
/// within 0.9 * 0.05; quality >= 0.82 for a 0.80 launch bar) continuously for the recovery hold (10 minutes
/// of event time), and at least for the window the breach was judged over (an hour for coverage and for the test
/// model's quality). Clock steps are one minute unless stated.
/// </summary>
public sealed class HysteresisTests
{
    private static readonly Health Slow = new(LatencyP95: 250);
    private static readonly Health InBand = new(LatencyP95: 190); // under the limit, not under it by 10 %
    private static readonly Health Clear = new(LatencyP95: 100);

    [Fact]
    public void No_recovery_before_the_recovery_hold_and_recovery_after_it_with_a_reason()
    {
        var driver = new PolicyDriver();
        driver.At(T0, Slow);

        Assert.Null(driver.At(T0.AddMinutes(1), Clear).Transition);                      // recovering since 10:01
        Assert.Null(driver.At(T0.AddMinutes(11).AddTicks(-1), Clear).Transition);        // 9m59.9999999s held
        Assert.Equal(DegradationLevel.RulesFallback, driver.State.Level);

        var recovery = driver.At(T0.AddMinutes(11), Clear).Transition;                   // 10 minutes held

        Assert.NotNull(recovery);
        Assert.Equal((DegradationLevel.RulesFallback, DegradationLevel.FullAi, T0.AddMinutes(11)), (recovery.From, recovery.To, recovery.At));
        Assert.StartsWith("recovered: every threshold within its limit by 10", recovery.Reason); // "10%" or "10 %" by culture
        Assert.EndsWith(" for 10m", recovery.Reason);
        Assert.Equal(DegradationLevel.FullAi, driver.State.Level);
        Assert.Equal(2, driver.State.History.Count);
    }

    [Fact]
    public void No_recovery_while_latency_stays_inside_the_margin_band()
    {
        var driver = new PolicyDriver();
        driver.At(T0, Slow);

        var transitions = driver.EveryMinute(T0.AddMinutes(1), 60, _ => InBand);

        Assert.Empty(transitions);
        Assert.Empty(driver.At(T0.AddMinutes(61), InBand).Breaches); // not breached, yet not good enough to recover
        Assert.Equal(DegradationLevel.RulesFallback, driver.State.Level);
        Assert.Null(driver.State.RecoveringSince);
    }

    [Fact]
    public void Coverage_must_clear_its_limit_by_the_margin_on_the_shortfall_to_recover()
    {
        var driver = new PolicyDriver();
        driver.At(T0, new Health(Coverage: 0.90));

        Assert.Empty(driver.EveryMinute(T0.AddMinutes(1), 30, _ => new Health(Coverage: 0.952))); // shortfall 4.8 % > 4.5 %
        var recovered = driver.EveryMinute(T0.AddMinutes(31), 61, _ => new Health(Coverage: 0.96)); // shortfall 4 %

        // Coverage is read over an hour: its recovery holds an hour, not the 10-minute hold.
        var transition = Assert.Single(recovered);
        Assert.Equal((DegradationLevel.ReducedAi, DegradationLevel.FullAi, T0.AddMinutes(91)), (transition.From, transition.To, transition.At));
        Assert.EndsWith(" for 1h", transition.Reason);
    }

    [Fact]
    public void Quality_must_clear_the_launch_bar_by_the_margin_to_recover()
    {
        var driver = new PolicyDriver();
        driver.At(T0, new Health(Quality: 0.70));

        Assert.Empty(driver.EveryMinute(T0.AddMinutes(1), 30, _ => new Health(Quality: 0.81))); // needs >= 0.82
        var recovered = driver.EveryMinute(T0.AddMinutes(31), 61, _ => new Health(Quality: 0.83));

        Assert.Equal(T0.AddMinutes(91), Assert.Single(recovered).At); // the test model's quality window is an hour
    }

    [Fact]
    public void A_relapse_into_the_band_restarts_the_recovery_hold()
    {
        var driver = new PolicyDriver();
        driver.At(T0, Slow);
        driver.At(T0.AddMinutes(1), Clear);   // recovering since 10:01
        driver.At(T0.AddMinutes(6), InBand);  // hold broken
        driver.At(T0.AddMinutes(7), Clear);   // recovering since 10:07

        Assert.Null(driver.At(T0.AddMinutes(16), Clear).Transition); // 10:01 + 10m would have recovered here
        Assert.Equal(T0.AddMinutes(7), driver.State.RecoveringSince);
        Assert.Equal(DegradationLevel.FullAi, driver.At(T0.AddMinutes(17), Clear).Transition!.To);
    }

    [Fact]
    public void Partial_recovery_steps_up_to_the_level_still_called_for_and_says_why()
    {
        var driver = new PolicyDriver();
        driver.At(T0, new Health(Quality: 0.45, LatencyP95: 250)); // worst: below baseline -> 4

        var transitions = driver.EveryMinute(T0.AddMinutes(1), 61, _ => new Health(Quality: 0.95, LatencyP95: 250));

        var step = Assert.Single(transitions);
        Assert.Equal((DegradationLevel.GenericFallback, DegradationLevel.RulesFallback, T0.AddMinutes(61)), (step.From, step.To, step.At));
        Assert.Equal("recovered partly for 1h; still: latency P95 250 ms over 5m exceeds 200 ms", step.Reason);
    }

    [Fact]
    public void Error_state_recovers_straight_to_full_AI_once_everything_clears_for_the_hold()
    {
        var driver = new PolicyDriver();
        driver.At(T0, new Health(ErrorRate: 0.6));

        var transitions = driver.EveryMinute(T0.AddMinutes(1), 11, _ => Clear);

        Assert.Equal([(DegradationLevel.ErrorState, DegradationLevel.FullAi)], transitions.Select(t => (t.From, t.To)).ToArray());
    }

    [Fact]
    public void A_metric_oscillating_around_its_limit_does_not_flap()
    {
        var driver = new PolicyDriver();

        // 210 / 195 ms every other minute for two hours: breached, then never clear by the margin.
        var transitions = driver.EveryMinute(T0, 120, m => new Health(LatencyP95: m % 2 == 0 ? 210 : 195));

        var only = Assert.Single(transitions);
        Assert.Equal((DegradationLevel.FullAi, DegradationLevel.RulesFallback, T0), (only.From, only.To, only.At));
    }

    [Fact]
    public void A_metric_oscillating_across_the_recovery_margin_does_not_flap_either()
    {
        var driver = new PolicyDriver();
        driver.At(T0, Slow);

        // 175 ms (clear) and 185 ms (in the band) alternate: the hold never completes.
        var transitions = driver.EveryMinute(T0.AddMinutes(1), 120, m => new Health(LatencyP95: m % 2 == 0 ? 175 : 185));

        Assert.Empty(transitions);
        Assert.Equal(DegradationLevel.RulesFallback, driver.State.Level);
    }

    [Fact]
    public void A_healthy_model_hovering_just_under_a_limit_stays_at_full_AI()
    {
        var driver = new PolicyDriver();

        var transitions = driver.EveryMinute(T0, 60, m => new Health(LatencyP95: m % 2 == 0 ? 199 : 150));

        Assert.Empty(transitions);
        Assert.Equal(DegradationLevel.FullAi, driver.State.Level);
    }

    [Fact]
    public void Redefining_a_model_forgets_a_recovery_in_progress()
    {
        var monitor = TestModels.Monitor();
        monitor.Level.Level = DegradationLevel.RulesFallback;
        monitor.Level.RecoveringSince = T0;

        monitor.Redefine(monitor.Definition with { Name = "renamed" });

        Assert.Null(monitor.Level.RecoveringSince);
    }

    [Fact]
    public void Silence_is_not_evidence_of_recovery()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Ev.Many(100, T0, latencyMs: 900)));
        Assert.Equal(DegradationLevel.RulesFallback, monitor.Level.Level);

        // No prediction arrives any more: the 5m window empties and latency is no longer judged.
        monitor.AdvanceTo(T0.AddMinutes(6));
        monitor.AdvanceTo(T0.AddMinutes(30));

        Assert.Equal(DegradationLevel.RulesFallback, monitor.Level.Level);
    }
}
