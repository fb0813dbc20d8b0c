using Fleet.Monitoring.Alerts;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>The Prometheus life cycle, driven by hand-made signal sequences in event time.</summary>
public sealed class AlertLifecycleTests
{
    private static AlertTransition Single(IReadOnlyList<AlertTransition> transitions) => Assert.Single(transitions);

    [Fact]
    public void A_true_condition_waits_in_pending_and_fires_once_it_has_held_for_exactly_for()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));

        var pending = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0)));
        Assert.Equal((AlertState.Inactive, AlertState.Pending), (pending.From, pending.To));
        Assert.Equal(Min(0), pending.ActiveSince);

        for (var m = 1; m < 5; m++) Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(m)));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(4.99)));

        var firing = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.03), Min(5)));
        Assert.Equal((AlertState.Pending, AlertState.Firing), (firing.From, firing.To));
        Assert.Equal(Min(5), firing.At);
        Assert.Equal(Min(0), firing.ActiveSince);
        Assert.Equal(0.03, firing.Value);
        Assert.Equal(AlertSeverity.Page, firing.Severity);
        Assert.Equal("error-rate", firing.Rule);
        Assert.Equal("m1", firing.Model);
        // The message carries the value and the threshold that decided it.
        Assert.Contains("errorRate@5m = 0.03 > 0.01", firing.Message);
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.03), Min(6)));
    }

    [Fact]
    public void With_for_zero_a_true_condition_fires_at_once_without_passing_through_pending()
    {
        var alerts = Evaluator(ErrorRule(@for: TimeSpan.Zero));
        var firing = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.5), Min(0)));
        Assert.Equal((AlertState.Inactive, AlertState.Firing), (firing.From, firing.To));
        Assert.Equal(Min(0), firing.ActiveSince);
    }

    [Fact]
    public void A_pending_alert_that_clears_returns_to_inactive_and_its_for_clock_starts_over()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));

        var dropped = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.005), Min(3)));
        Assert.Equal((AlertState.Pending, AlertState.Inactive), (dropped.From, dropped.To));
        Assert.Contains("not > 0.01", dropped.Message);

        var again = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(4)));
        Assert.Equal(AlertState.Pending, again.To);
        Assert.Equal(Min(4), again.ActiveSince);
        // Five minutes from the first start would be minute 5: the old episode does not count.
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(5)));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(8)));
        Assert.Equal(AlertState.Firing, Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(9))).To);
    }

    [Fact]
    public void A_short_spike_shorter_than_for_never_fires()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        var seen = new List<AlertTransition>();
        // Spikes of 3 minutes every 10 minutes for two hours.
        for (var m = 0; m < 120; m++) seen.AddRange(alerts.Evaluate("m1", "fraud", ErrorRate(m % 10 < 3 ? 0.05 : 0.0), Min(m)));
        Assert.DoesNotContain(seen, t => t.To == AlertState.Firing);
        Assert.Equal(24, seen.Count); // 12 times pending, 12 times back to inactive
    }

    [Fact]
    public void A_cleared_firing_alert_keeps_firing_for_keep_firing_for_and_then_resolves()
    {
        var alerts = Evaluator(ErrorRule(@for: TimeSpan.Zero, keep: Minutes(10)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));

        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(6)));       // cleared: keep-firing clock starts
        for (var m = 7; m < 16; m++) Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(m)));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(15.99)));
        Assert.Equal(AlertState.Firing, Assert.Single(alerts.Status("m1")).State);

        var resolved = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.001), Min(16)));
        Assert.Equal((AlertState.Firing, AlertState.Resolved), (resolved.From, resolved.To));
        Assert.Equal(Min(6), resolved.ClearedSince);
        Assert.Equal(Min(0), resolved.ActiveSince);
        Assert.Equal(0.001, resolved.Value);
        Assert.Contains("cleared 10m ago", resolved.Message);
    }

    [Fact]
    public void Without_keep_firing_for_a_cleared_alert_resolves_at_once()
    {
        var alerts = Evaluator(ErrorRule());
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        var resolved = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(1)));
        Assert.Equal(AlertState.Resolved, resolved.To);
        Assert.Equal(Min(1), resolved.ClearedSince);
    }

    [Fact]
    public void Flapping_within_keep_firing_for_produces_no_transitions_where_without_it_every_flip_does()
    {
        static List<AlertTransition> Flap(AlertEvaluator alerts)
        {
            var seen = new List<AlertTransition>();
            // A value hovering at the limit: above on even minutes, below on odd ones, for 30 minutes.
            for (var m = 0; m < 30; m++) seen.AddRange(alerts.Evaluate("m1", "fraud", ErrorRate(m % 2 == 0 ? 0.011 : 0.009), Min(m)));
            return seen;
        }

        var steady = Evaluator(ErrorRule(keep: Minutes(10)));
        var steadySeen = Flap(steady);
        Assert.Equal(AlertState.Firing, Assert.Single(steadySeen).To);       // fired once, then held
        // It settles: below the limit since minute 29, it resolves ten minutes later, once.
        for (var m = 30; m < 39; m++) Assert.Empty(steady.Evaluate("m1", "fraud", ErrorRate(0.009), Min(m)));
        var resolved = Single(steady.Evaluate("m1", "fraud", ErrorRate(0.009), Min(39)));
        Assert.Equal((AlertState.Resolved, Min(29)), (resolved.To, resolved.ClearedSince));

        var flapping = Flap(Evaluator(ErrorRule()));
        Assert.Equal(30, flapping.Count);
        Assert.Equal(15, flapping.Count(t => t.To == AlertState.Firing));
    }

    [Fact]
    public void Holding_again_during_keep_firing_for_resets_its_clock()
    {
        var alerts = Evaluator(ErrorRule(keep: Minutes(10)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(1));   // clock starts at 1
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(8));  // holds again: clock reset
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(9)));   // clock starts at 9
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(12)));  // 11 min after the first clear, 3 after the second
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(18.9)));
        var resolved = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(19)));
        Assert.Equal(Min(9), resolved.ClearedSince);
    }

    [Fact]
    public void A_resolved_alert_that_holds_again_goes_through_pending_with_a_fresh_for()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(5));
        Assert.Equal(AlertState.Resolved, Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(6))).To);

        var pending = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(20)));
        Assert.Equal((AlertState.Resolved, AlertState.Pending), (pending.From, pending.To));
        Assert.Equal(Min(20), pending.ActiveSince);
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(24)));
        var refired = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(25)));
        Assert.Equal((AlertState.Pending, AlertState.Firing), (refired.From, refired.To));
        Assert.Equal(Min(20), refired.ActiveSince);
    }

    [Fact]
    public void A_resolved_alert_with_for_zero_fires_again_directly()
    {
        var alerts = Evaluator(ErrorRule());
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(1));
        var refired = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(2)));
        Assert.Equal((AlertState.Resolved, AlertState.Firing), (refired.From, refired.To));
        Assert.Equal(Min(2), refired.ActiveSince);
    }

    [Fact]
    public void An_unjudged_signal_sends_a_pending_alert_back_to_inactive()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        var dropped = Single(alerts.Evaluate("m1", "fraud", ErrorRate(null), Min(2)));
        Assert.Equal((AlertState.Pending, AlertState.Inactive), (dropped.From, dropped.To));
        Assert.Null(dropped.Value);
        Assert.Contains("not judged", dropped.Message);
        // Judged true again, it must hold a full five minutes from now.
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(3));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(7)));
        Assert.Equal(AlertState.Firing, Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(8))).To);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("missing")]
    [InlineData("nan")]
    public void An_unjudged_signal_keeps_a_firing_alert_firing_however_long_it_lasts(string how)
    {
        var alerts = Evaluator(ErrorRule(keep: Minutes(10)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        var unjudged = how switch
        {
            "null" => ErrorRate(null),
            "missing" => Signals(("latencyP95@5m", 40)),
            _ => ErrorRate(double.NaN),
        };
        for (var m = 1; m <= 120; m++) Assert.Empty(alerts.Evaluate("m1", "fraud", unjudged, Min(m)));
        var status = Assert.Single(alerts.Status("m1"));
        Assert.Equal(AlertState.Firing, status.State);
        Assert.Equal(0.02, status.Value); // the last judged value is kept
    }

    [Fact]
    public void Unjudged_evaluations_neither_reset_nor_complete_keep_firing_for()
    {
        var alerts = Evaluator(ErrorRule(keep: Minutes(10)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(1));                      // keep-firing clock starts
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(null), Min(11)));      // expired, but unjudged: still firing
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(null), Min(30)));
        var resolved = Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(31))); // the next judged false ends it
        Assert.Equal(Min(1), resolved.ClearedSince);
    }

    [Fact]
    public void Unjudged_signals_leave_inactive_and_resolved_alerts_alone()
    {
        var alerts = Evaluator(ErrorRule());
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(null), Min(0)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(1));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(2));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(null), Min(3)));
        Assert.Equal(AlertState.Resolved, Assert.Single(alerts.Status("m1")).State);
    }

    [Theory]
    [InlineData(Comparison.Above, 0.01, false)]
    [InlineData(Comparison.Above, 0.0101, true)]
    [InlineData(Comparison.AtOrAbove, 0.01, true)]
    [InlineData(Comparison.AtOrAbove, 0.0099, false)]
    [InlineData(Comparison.Below, 0.01, false)]
    [InlineData(Comparison.Below, 0.0099, true)]
    [InlineData(Comparison.AtOrBelow, 0.01, true)]
    [InlineData(Comparison.AtOrBelow, 0.0101, false)]
    public void Each_comparison_treats_the_threshold_itself_as_written(Comparison comparison, double value, bool fires)
    {
        var alerts = Evaluator(ErrorRule() with { Comparison = comparison });
        Assert.Equal(fires, alerts.Evaluate("m1", "fraud", ErrorRate(value), Min(0)).Any(t => t.To == AlertState.Firing));
    }

    [Theory]
    [InlineData(">", Comparison.Above)]
    [InlineData(">=", Comparison.AtOrAbove)]
    [InlineData("<", Comparison.Below)]
    [InlineData("<=", Comparison.AtOrBelow)]
    [InlineData("atOrBelow", Comparison.AtOrBelow)]
    public void Comparisons_parse_from_their_symbols_and_names(string text, Comparison expected)
    {
        Assert.True(Comparisons.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.False(Comparisons.TryParse("=>", out _));
    }

    [Fact]
    public void A_rule_watches_only_the_models_in_its_scope()
    {
        var alerts = Evaluator(
            ErrorRule(name: "fleet-errors"),
            ErrorRule(name: "fraud-errors", scope: AlertScope.ForDomain("Fraud")),
            ErrorRule(name: "m2-errors", scope: AlertScope.ForModel("m2")));

        Assert.Equal(["fleet-errors", "fraud-errors"], alerts.Evaluate("m1", "fraud", ErrorRate(0.5), Min(0)).Select(t => t.Rule));
        Assert.Equal(["fleet-errors", "m2-errors"], alerts.Evaluate("m2", "churn", ErrorRate(0.5), Min(0)).Select(t => t.Rule));
        Assert.Equal(["fleet-errors"], alerts.Evaluate("m3", "churn", ErrorRate(0.5), Min(0)).Select(t => t.Rule));
    }

    [Fact]
    public void Models_have_separate_alerts_under_one_rule()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Evaluate("m2", "fraud", ErrorRate(0.02), Min(3));
        Assert.Equal(["m1"], alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(5)).Select(t => t.Model));
        Assert.Empty(alerts.Evaluate("m2", "fraud", ErrorRate(0.02), Min(5)));
        Assert.Equal(["m2"], alerts.Evaluate("m2", "fraud", ErrorRate(0.02), Min(8)).Select(t => t.Model));
    }

    [Fact]
    public void An_evaluation_older_than_the_last_one_changes_nothing()
    {
        var alerts = Evaluator(ErrorRule(@for: Minutes(5)));
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(10));
        Assert.Empty(alerts.Evaluate("m1", "fraud", ErrorRate(0.0), Min(9)));
        Assert.Equal(AlertState.Pending, Assert.Single(alerts.Status("m1")).State);
    }

    [Fact]
    public void When_a_rule_is_removed_its_firing_alert_resolves_and_its_pending_alert_drops_at_the_next_evaluation()
    {
        var old = Evaluator(ErrorRule(name: "fires"), ErrorRule(name: "waits", @for: Minutes(5)));
        old.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));

        var renewed = new AlertEvaluator(AlertRuleSet.Empty, old.State);
        var retired = renewed.Evaluate("m1", "fraud", ErrorRate(0.02), Min(1));
        Assert.Equal(
            [("fires", AlertState.Firing, AlertState.Resolved), ("waits", AlertState.Pending, AlertState.Inactive)],
            retired.Select(t => (t.Rule, t.From, t.To)).OrderBy(t => t.Rule));
        Assert.Empty(renewed.Status());
        Assert.Empty(renewed.State.Models);
    }

    [Fact]
    public void A_rule_set_with_duplicate_names_or_impossible_values_is_refused()
    {
        var bad = new AlertRuleSet([ErrorRule(), ErrorRule(), ErrorRule(name: "x") with { For = TimeSpan.FromMinutes(-1) }],
            [new BurnRateRule("b", ServiceLevelIndicator.Availability, 1.0, [], AlertScope.Fleet, "")]);
        var problems = bad.Validate();
        Assert.Contains(problems, p => p.Contains("'error-rate' is defined 2 times"));
        Assert.Contains(problems, p => p.Contains("'x' has a negative"));
        Assert.Contains(problems, p => p.Contains("objective between 0 and 1"));
        Assert.Contains(problems, p => p.Contains("no window pairs"));
        Assert.Throws<ArgumentException>(() => new AlertEvaluator(bad));
    }

    [Fact]
    public void Forgetting_a_model_drops_its_alerts_without_transitions()
    {
        var alerts = Evaluator(ErrorRule());
        alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(0));
        alerts.Forget("m1");
        Assert.Empty(alerts.Status());
        Assert.Equal(AlertState.Firing, Single(alerts.Evaluate("m1", "fraud", ErrorRate(0.02), Min(1))).To);
    }
}
