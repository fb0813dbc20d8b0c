using Fleet.Models;
using Fleet.Monitoring.Alerts;
using static Fleet.Tests.Alerts.AlertTest;

namespace Fleet.Tests.Alerts;

/// <summary>The shipped rules do what their documentation says.</summary>
public sealed class DefaultAlertRulesTests
{
    private static Dictionary<string, double?> Healthy() => new()
    {
        ["level"] = 1, ["quality.drop@24h"] = 0.0, ["latencyP95.vsLimit@5m"] = 0.4,
        ["drift.share"] = 0.0, ["detector.quality"] = 0,
        ["errorRate@5m"] = 0.001, ["timeoutRate@5m"] = 0, ["errorRate@1h"] = 0.001, ["timeoutRate@1h"] = 0,
        ["errorRate@24h"] = 0.001, ["timeoutRate@24h"] = 0, ["errorRate@30d"] = 0.001, ["timeoutRate@30d"] = 0,
    };

    private static Fleet.Monitoring.ModelReadings With(string signal, double? value)
    {
        var s = Healthy();
        s[signal] = value;
        return Of(s);
    }

    [Fact]
    public void The_default_set_is_valid_and_names_its_alerts()
    {
        Assert.Empty(DefaultAlertRules.Set.Validate());
        Assert.Equal(
            ["model-degraded", "quality-drop", "latency-budget", "error-rate", "input-drift", "quality-detector", "latency-detector", "fairness-gap",
             "feature-missing", "feature-out-of-range", "feature-unseen-categories", "feature-type-change", "volume-drop", "opt-out-rate",
             "availability-burn[1h/5m]", "availability-burn[24h/1h]", "availability-burn[30d/24h]"],
            DefaultAlertRules.Set.AlertNames());
    }

    [Fact]
    public void A_healthy_model_raises_nothing()
    {
        var alerts = new AlertEvaluator(DefaultAlertRules.Set);
        for (var m = 0; m < 60; m++) Assert.Empty(alerts.Evaluate("m1", "fraud", Of(Healthy()), Min(m)));
        Assert.Empty(alerts.State.Models);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    public void A_model_at_rules_fallback_or_worse_pages_at_once(double level, bool pages)
    {
        var fired = new AlertEvaluator(DefaultAlertRules.Set).Evaluate("m1", "fraud", With("level", level), Min(0));
        Assert.Equal(pages, fired.Any(t => t is { Rule: "model-degraded", To: AlertState.Firing, Severity: AlertSeverity.Page }));
    }

    [Fact]
    public void Input_drift_above_a_third_of_features_warns_after_ten_minutes()
    {
        var alerts = new AlertEvaluator(DefaultAlertRules.Set);
        Assert.Equal(AlertState.Pending, Assert.Single(alerts.Evaluate("m1", "fraud", With("drift.share", 0.31), Min(0))).To);
        Assert.Empty(alerts.Evaluate("m1", "fraud", With("drift.share", 0.4), Min(9)));
        var t = Assert.Single(alerts.Evaluate("m1", "fraud", With("drift.share", 0.4), Min(10)));
        Assert.Equal(("input-drift", AlertState.Firing, AlertSeverity.Warning), (t.Rule, t.To, t.Severity));

        // 0.3 exactly is not above 0.3.
        Assert.Empty(new AlertEvaluator(DefaultAlertRules.Set).Evaluate("m2", "fraud", With("drift.share", 0.3), Min(0)));
    }

    [Fact]
    public void A_detector_that_fires_once_stays_visible_for_an_hour()
    {
        var alerts = new AlertEvaluator(DefaultAlertRules.Set);
        Assert.Equal(AlertState.Firing, Assert.Single(alerts.Evaluate("m1", "fraud", With("detector.quality", 1), Min(0))).To);
        for (var m = 1; m <= 60; m++) Assert.Empty(alerts.Evaluate("m1", "fraud", Of(Healthy()), Min(m)));
        Assert.Equal(AlertState.Resolved, Assert.Single(alerts.Evaluate("m1", "fraud", Of(Healthy()), Min(61))).To);
    }

    [Fact]
    public void Quality_drop_is_relative_to_the_30_day_level_in_the_metrics_own_direction()
    {
        // Relevance 0.80 -> 0.76 is a 5% fall; MAE 10 -> 10.5 is 5% worse.
        Assert.Equal(0.05, Fleet.Monitoring.ModelSignals.RelativeDrop(0.76, 0.80, lowerIsBetter: false)!.Value, 1e-12);
        Assert.Equal(0.05, Fleet.Monitoring.ModelSignals.RelativeDrop(10.5, 10, lowerIsBetter: true)!.Value, 1e-12);
        Assert.Equal(-0.05, Fleet.Monitoring.ModelSignals.RelativeDrop(0.84, 0.80, lowerIsBetter: false)!.Value, 1e-12);
        Assert.Null(Fleet.Monitoring.ModelSignals.RelativeDrop(null, 0.8, false));
        Assert.Null(Fleet.Monitoring.ModelSignals.RelativeDrop(0.8, 0, false));
        Assert.Equal(1.5, Fleet.Monitoring.ModelSignals.Ratio(300, 200));
        Assert.Equal("quality.drop@24h", Fleet.Catalogue.Readings.QualityDrop.At(WindowSpan.OneDay).Text);
    }
}
