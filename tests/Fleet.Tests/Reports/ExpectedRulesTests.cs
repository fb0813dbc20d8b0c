using Fleet.Catalogue;
using Fleet.Dashboard.Reports.Sections;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Reports;

/// <summary>
/// The rules a postmortem says should have fired are read from the declarations: a fault's signals
/// (<see cref="FaultSymptoms"/>), a breach's threshold (<see cref="ThresholdCatalogue"/>) and the catalogue's rules'
/// readings, never from a list of rule names kept in the report.
/// </summary>
public sealed class ExpectedRulesTests
{
    private static readonly CatalogueView Catalogue = CatalogueBuilder.Build();

    [Fact]
    public void Every_fault_a_scenario_can_name_declares_what_it_moves()
    {
        Assert.Equal(ScenarioLoader.FaultNamesList.Order(StringComparer.Ordinal), FaultSymptoms.Faults.Order(StringComparer.Ordinal));
        Assert.All(FaultSymptoms.Faults, f => Assert.NotEmpty(FaultSymptoms.Of(f)));
    }

    [Theory]
    [InlineData("latency-spike", new[] { "latency-budget", "latency-detector" })]
    [InlineData("serving-outage", new[] { "model-degraded", "error-rate", "availability-burn" })]
    [InlineData("data-drift", new[] { "input-drift" })]
    [InlineData("segment-bias", new[] { "fairness-gap" })]
    [InlineData("concept-drift", new[] { "quality-drop", "quality-detector" })]
    [InlineData("traffic-drop", new[] { "volume-drop" })]
    [InlineData("upstream-outage", new[] { "latency-budget", "error-rate", "latency-detector", "feature-missing", "availability-burn" })]
    [InlineData("pipeline-failure", new[] { "input-drift", "feature-missing", "feature-type-change" })]
    public void A_fault_is_expected_to_raise_the_catalogue_s_rules_on_the_signals_it_moves(string fault, string[] rules) =>
        Assert.Equal(rules, ExpectedRules.ForFault(Catalogue, fault));

    [Fact]
    public void A_rule_the_catalogue_adds_on_a_signal_is_expected_at_once()
    {
        var p99 = new AlertRuleEntry("latency-1h", "latencyP95@1h", ">", 500, "30m", "0s", "warning", "Fleet", "slow for an hour");
        var catalogue = Catalogue with { AlertRules = [.. Catalogue.AlertRules, p99] };

        Assert.Contains("latency-1h", ExpectedRules.ForFault(catalogue, "latency-spike"));
        Assert.Contains("latency-1h", ExpectedRules.ForFault(catalogue, "upstream-outage"));
        Assert.DoesNotContain("latency-1h", ExpectedRules.ForFault(catalogue, "data-drift"));
    }

    [Fact]
    public void A_breach_is_read_back_to_its_threshold_by_the_threshold_s_own_words()
    {
        // Each limit's words with numbers unlike the sample's (another window, value and metric) name its reading's signal.
        foreach (var d in ThresholdCatalogue.Limits)
        {
            var limit = new Limit(0.07, WindowSpan.OneHour, 10);
            var reason = d.Words(limit, 0.4321, WindowSpan.OneDay, QualityMetricKind.Recall) + " (judged over 24h: 1h held too few samples)";
            Assert.Contains(d.Reading.Signal, ExpectedRules.BreachSignals(reason));
        }
        Assert.Equal(["latency-budget", "latency-detector"],
            ExpectedRules.ForBreach(Catalogue, "latency P95 812.4 ms over 5m exceeds 450 ms", level: 2));
        Assert.Equal(["model-degraded", "error-rate", "availability-burn"],
            ExpectedRules.ForBreach(Catalogue, "error rate 7.5% over 5m exceeds 1%", level: 3));
        Assert.Equal(["quality-drop", "quality-detector"],
            ExpectedRules.ForBreach(Catalogue, "accuracy 61.2% over 24h (N = 1,204) is below the launch bar of 70%", level: 2));
    }
}
