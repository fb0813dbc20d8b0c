using Fleet.Models;
using Fleet.Monitoring.Alerts;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>
/// Burn-rate arithmetic checked by hand: burn = bad rate / (1 - objective); a pair holds when both windows
/// burn faster than its factor. With a 99.5% objective the budget is 0.005, so a bad rate of 0.075 is 15x.
/// </summary>
public sealed class BurnRateRuleTests
{
    private const double Tolerance = 1e-9; // floating-point rounding of the divisions only

    private static readonly BurnRateRule Availability = DefaultAlertRules.AvailabilityBurn;

    private static AlertEvaluator Evaluator(BurnRateRule rule) => new(new AlertRuleSet([], [rule]));

    /// <summary>
    /// Error and timeout rates per window as <see cref="Fleet.Monitoring.ModelSignals"/> gives them: "errorRate" counts
    /// the errors and the timeouts, "timeoutRate" the timeouts alone. Windows not given are healthy (zero).
    /// </summary>
    private static Fleet.Monitoring.ModelReadings Rates(params (string Window, double Errors, double Timeouts)[] windows) => Of(RateTable(windows));

    private static Dictionary<string, double?> RateTable(params (string Window, double Errors, double Timeouts)[] windows)
    {
        var signals = new Dictionary<string, double?>();
        foreach (var w in new[] { "5m", "1h", "24h", "30d" })
        {
            signals[$"errorRate@{w}"] = 0;
            signals[$"timeoutRate@{w}"] = 0;
        }
        foreach (var (window, errors, timeouts) in windows)
        {
            signals[$"errorRate@{window}"] = errors + timeouts;
            signals[$"timeoutRate@{window}"] = timeouts;
        }
        return signals;
    }


    [Fact]
    public void The_standard_pairs_page_at_14_4x_over_1h_and_5m_and_warn_at_3x_over_24h_and_1x_over_30d()
    {
        Assert.Equal(
            [("availability-burn[1h/5m]", 14.4, AlertSeverity.Page), ("availability-burn[24h/1h]", 3.0, AlertSeverity.Warning),
             ("availability-burn[30d/24h]", 1.0, AlertSeverity.Warning)],
            Availability.Windows.Select(w => (Availability.AlertName(w), w.Factor, w.Severity)));
        Assert.Equal(0.005, Availability.Budget, Tolerance);
    }

    [Theory]
    [InlineData(0, 0.02)]  // 14.4 x 1h / 720h: 2% of the month's budget in an hour
    [InlineData(1, 0.10)]  // 3 x 24h / 720h: 10% in a day
    [InlineData(2, 1.00)]  // 1 x 30d / 30d: all of it over the month
    public void Each_standard_pair_lets_a_documented_share_of_the_budget_burn(int pair, double share) =>
        Assert.Equal(share, BurnRateRule.StandardWindows[pair].BudgetSpent, Tolerance);

    [Fact]
    public void Errors_and_timeouts_add_up_to_the_bad_rate_and_a_fast_burn_over_both_windows_pages_at_once()
    {
        var alerts = Evaluator(Availability);
        // 1h: 0.06 + 0.015 = 0.075 -> 0.075 / 0.005 = 15x. 5m: 0.09 + 0.01 = 0.1 -> 20x. Both > 14.4.
        var t = Assert.Single(alerts.Evaluate("m1", "fraud", Rates(("1h", 0.06, 0.015), ("5m", 0.09, 0.01)), Min(0)));
        Assert.Equal(("availability-burn[1h/5m]", AlertState.Inactive, AlertState.Firing, AlertSeverity.Page),
            (t.Rule, t.From, t.To, t.Severity));
        Assert.Equal(15, t.Value!.Value, Tolerance); // the smaller of the two burns decides
        Assert.Contains("15x over 1h and 20x over 5m, both > 14.4x (objective 99.5%, budget 0.5%)", t.Message);
        Assert.Equal(15, Availability.BurnRate(Rates(("1h", 0.06, 0.015)), WindowSpan.OneHour)!.Value, Tolerance);
    }

    [Fact]
    public void A_burn_that_has_stopped_in_the_short_window_does_not_page()
    {
        // 1h still at 15x, but the last 5 minutes are at 0.05 / 0.005 = 10x: the outage is over.
        Assert.Empty(Evaluator(Availability).Evaluate("m1", "fraud", Rates(("1h", 0.075, 0), ("5m", 0.05, 0)), Min(0)));
    }

    [Theory]
    [InlineData(0.0721, true)]   // 14.42x
    [InlineData(0.0719, false)]  // 14.38x
    public void The_page_pair_needs_both_windows_above_14_4x(double badRate, bool pages)
    {
        var fired = Evaluator(Availability).Evaluate("m1", "fraud", Rates(("1h", badRate, 0), ("5m", badRate, 0)), Min(0));
        Assert.Equal(pages, fired.Any(t => t.Rule == "availability-burn[1h/5m]" && t.To == AlertState.Firing));
    }

    [Fact]
    public void A_day_at_3_2x_with_the_last_hour_at_4x_raises_the_warning_pair_but_not_the_page()
    {
        // 24h: 0.016 / 0.005 = 3.2x; 1h: 0.02 / 0.005 = 4x (> 3, but < 14.4); 5m: 4x.
        var t = Assert.Single(Evaluator(Availability).Evaluate("m1", "fraud",
            Rates(("24h", 0.016, 0), ("1h", 0.01, 0.01), ("5m", 0.02, 0)), Min(0)));
        Assert.Equal(("availability-burn[24h/1h]", AlertSeverity.Warning), (t.Rule, t.Severity));
        Assert.Equal(3.2, t.Value!.Value, Tolerance);
    }

    [Fact]
    public void A_month_over_budget_that_is_still_overspending_raises_the_slow_pair()
    {
        // 30d: 0.006 / 0.005 = 1.2x; 24h: 0.0075 / 0.005 = 1.5x.
        var t = Assert.Single(Evaluator(Availability).Evaluate("m1", "fraud", Rates(("30d", 0.006, 0), ("24h", 0.005, 0.0025)), Min(0)));
        Assert.Equal("availability-burn[30d/24h]", t.Rule);
        Assert.Equal(1.2, t.Value!.Value, Tolerance);
    }

    [Fact]
    public void A_quality_slo_counts_wrong_predictions_as_one_minus_quality()
    {
        var rule = new BurnRateRule("quality-slo", ServiceLevelIndicator.Quality, 0.9,
            [new BurnWindow(WindowSpan.ThirtyDays, WindowSpan.OneDay, 1, AlertSeverity.Warning)], AlertScope.Fleet, "quality SLO");
        // 30d: (1 - 0.85) / 0.1 = 1.5x; 24h: (1 - 0.8) / 0.1 = 2x.
        var t = Assert.Single(Evaluator(rule).Evaluate("m1", "recommendations",
            Signals(("quality@30d", 0.85), ("quality@24h", 0.8)), Min(0)));
        Assert.Equal(1.5, t.Value!.Value, Tolerance);
        Assert.Empty(Evaluator(rule).Evaluate("m1", "recommendations", Signals(("quality@30d", 0.95), ("quality@24h", 0.8)), Min(0)));
    }

    [Fact]
    public void A_pair_with_an_unjudged_window_is_not_judged()
    {
        var signals = Of(new Dictionary<string, double?>(RateTable(("1h", 0.5, 0), ("5m", 0.5, 0))) { ["errorRate@5m"] = null });
        Assert.Empty(Evaluator(Availability).Evaluate("m1", "fraud", signals, Min(0)));
    }

    [Fact]
    public void The_page_pair_keeps_firing_for_one_short_window_after_the_burn_stops()
    {
        var alerts = Evaluator(Availability);
        alerts.Evaluate("m1", "fraud", Rates(("1h", 0.1, 0), ("5m", 0.1, 0)), Min(0));
        Assert.Empty(alerts.Evaluate("m1", "fraud", Rates(("1h", 0.1, 0)), Min(1)));
        Assert.Empty(alerts.Evaluate("m1", "fraud", Rates(("1h", 0.1, 0)), Min(5.9)));
        var resolved = Assert.Single(alerts.Evaluate("m1", "fraud", Rates(("1h", 0.1, 0)), Min(6)));
        Assert.Equal((AlertState.Resolved, Min(1)), (resolved.To, resolved.ClearedSince));
    }
    [Fact]
    public void A_timeout_counts_once_in_the_availability_burn_of_a_real_models_signals()
    {
        // 10,000 requests in one minute, 100 of them timed out and none errored: a bad rate of 1 %, so
        // 0.01 / 0.005 = 2x over the 5 minutes and the hour (each window holds all of them). Counting the timeouts
        // again beside the error rate that already includes them read 4x.
        var monitor = Fleet.Tests.Core.TestModels.Monitor();
        var at = Fleet.Tests.Core.Clock.T0;
        monitor.Apply(Fleet.Tests.Core.Ev.Batch(at, [.. Fleet.Tests.Core.Ev.Many(9_900, at), .. Fleet.Tests.Core.Ev.Many(100, at, timeout: true)]));
        var windows = monitor.State.Windows.AllMetrics(monitor.Definition.QualityMetric);
        var signals = Fleet.Monitoring.ModelSignals.From(monitor.Definition, windows, monitor.Level.Level, null, []);

        Assert.Equal(2, Availability.BurnRate(signals, WindowSpan.FiveMinutes)!.Value, Tolerance);
        Assert.Equal(2, Availability.BurnRate(signals, WindowSpan.OneHour)!.Value, Tolerance);
    }
}
