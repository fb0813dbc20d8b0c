using Fleet.Events;
using Fleet.Monitoring;
using Fleet.Monitoring.Alerts;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Drift;

/// <summary>
/// A broken pipeline raises a data-quality alert through the real monitor: 5,000 healthy predictions fit the
/// reference (50 minutes at 100 a minute), then 40 minutes at 60 a minute either healthy or broken one way.
/// </summary>
public sealed class DataQualityAlertTests
{
    private static readonly string[] Countries = ["de", "de", "fr", "us", "uk"];

    private static Dictionary<string, FeatureValue> Healthy(Random random) => new()
    {
        ["amount"] = new(50 + 10 * Reference.Gaussian(random), null),
        ["country"] = new(null, Countries[random.Next(Countries.Length)]),
    };

    /// <summary>Every alert transition of a monitor fed the reference, then <paramref name="after"/> for 40 minutes.</summary>
    private static List<AlertTransition> Run(Func<Random, int, Dictionary<string, FeatureValue>> after)
    {
        var monitor = TestModels.Monitor();
        var random = new Random(5);
        var transitions = new List<AlertTransition>();
        for (var minute = 0; minute < 90; minute++)
        {
            var at = T0.AddMinutes(minute);
            var reference = minute < 50;
            var predictions = Enumerable.Range(0, reference ? 100 : 60)
                .Select(i => Ev.Prediction(at, features: reference ? Healthy(random) : after(random, i)))
                .ToList();
            transitions.AddRange(monitor.Apply(Ev.Batch(at, predictions)).Alerts);
        }
        return transitions;
    }

    private static readonly string[] DataQualityRules =
        [DefaultAlertRules.FeatureMissing.Name, DefaultAlertRules.FeatureOutOfRange.Name,
         DefaultAlertRules.FeatureUnseenCategories.Name, DefaultAlertRules.FeatureTypeChange.Name];

    private static string[] Fired(List<AlertTransition> transitions) =>
        transitions.Where(t => t.To == AlertState.Firing && DataQualityRules.Contains(t.Rule)).Select(t => t.Rule).Distinct().Order().ToArray();

    [Fact]
    public void Healthy_traffic_raises_no_data_quality_alert()
    {
        Assert.Empty(Fired(Run((random, _) => Healthy(random))));
    }

    [Fact]
    public void Half_a_features_values_missing_fires_feature_missing()
    {
        var transitions = Run((random, i) =>
        {
            var row = Healthy(random);
            if (i % 2 == 0) row["amount"] = new(null, null);
            return row;
        });
        Assert.Equal([DefaultAlertRules.FeatureMissing.Name], Fired(transitions));
        var firing = transitions.First(t => t.Rule == DefaultAlertRules.FeatureMissing.Name && t.To == AlertState.Firing);
        Assert.InRange(firing.Value!.Value, 0.45, 0.55);
        Assert.InRange(firing.At, T0.AddMinutes(60), T0.AddMinutes(65)); // pending from the 2nd minute (100 rows), then 10 minutes
    }

    [Fact]
    public void Amounts_sent_in_cents_fire_feature_out_of_range()
    {
        var transitions = Run((random, _) =>
        {
            var row = Healthy(random);
            row["amount"] = new(row["amount"].Number!.Value * 100, null);
            return row;
        });
        Assert.Equal([DefaultAlertRules.FeatureOutOfRange.Name], Fired(transitions));
    }

    [Fact]
    public void A_fifth_of_countries_never_seen_before_fires_feature_unseen_categories()
    {
        var transitions = Run((random, i) =>
        {
            var row = Healthy(random);
            if (i % 5 == 0) row["country"] = new(null, $"xx{i}");
            return row;
        });
        Assert.Equal([DefaultAlertRules.FeatureUnseenCategories.Name], Fired(transitions));
    }

    [Fact]
    public void Amounts_arriving_as_strings_fire_feature_type_change()
    {
        var transitions = Run((random, _) =>
        {
            var row = Healthy(random);
            row["amount"] = new(null, row["amount"].Number!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
            return row;
        });
        Assert.Contains(DefaultAlertRules.FeatureTypeChange.Name, Fired(transitions));
    }
}

/// <summary>
/// The simulator's own pipeline faults reach the data-quality alerts on the plain path: a fraud model at 4
/// predictions/s fits its reference in ~21 minutes; at 40m one feature breaks.
/// </summary>
public sealed class PipelineFaultAlertTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Model = "fraud-001";

    private static string Scenario(string mode, double magnitude) => $$"""
        name: broken-feature
        seed: 17
        duration: 90m
        fleet:
          - { domain: fraud, count: 1, owner: alice, dataSources: [transactions] }
        traffic: { rate: 4, shape: flat, labelDelay: 2m }
        injections:
          - { name: etl, at: 40m, fault: pipeline-failure, targets: { ids: [{{Model}}] }, feature: f1, mode: {{mode}}, magnitude: {{magnitude}} }
        """;

    [Theory]
    [InlineData("missing", 0.5, "feature-missing")]
    [InlineData("type", 1.0, "feature-type-change")]
    public async Task A_broken_feature_fires_its_data_quality_alert_and_nothing_fires_before_it(string mode, double magnitude, string rule)
    {
        var (run, sink) = await Incidents.AlertRecordingSink.PlayAsync(Scenario(mode, magnitude));
        var firing = sink.Of(rule, Model).Where(c => c.To == AlertState.Firing).ToList();
        Assert.NotEmpty(firing);
        output.WriteLine($"{rule} firing at +{(firing[0].At - run.Start).TotalMinutes:F1}m, value {firing[0].Value:F3}");
        Assert.InRange(firing[0].At - run.Start, TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(70));
        Assert.DoesNotContain(sink.Changes, c => c.Rule.StartsWith("feature-", StringComparison.Ordinal) && c.At < run.Start.AddMinutes(40));
    }
}

/// <summary>The data-quality rules' thresholds and hold times, as their documentation states them.</summary>
public sealed class DataQualityRuleTests
{
    [Theory]
    [InlineData("quality.missing", 0.10, "feature-missing", 10)]
    [InlineData("quality.outOfRange", 0.05, "feature-out-of-range", 10)]
    [InlineData("quality.unseen", 0.05, "feature-unseen-categories", 10)]
    [InlineData("quality.wrongType", 0.05, "feature-type-change", 5)]
    public void A_signal_above_its_threshold_fires_after_the_hold_and_one_at_it_never(string signal, double threshold, string rule, int holdMinutes)
    {
        var at = Alerts.AlertTest.Min;
        var alerts = new AlertEvaluator(DefaultAlertRules.Set);
        var above = Alerts.AlertTest.Signals((signal, threshold + 0.001));
        var pending = Assert.Single(alerts.Evaluate("m1", "fraud", above, at(0)));
        Assert.Equal((rule, AlertState.Pending), (pending.Rule, pending.To));
        Assert.Empty(alerts.Evaluate("m1", "fraud", above, at(holdMinutes - 1)));
        var firing = Assert.Single(alerts.Evaluate("m1", "fraud", above, at(holdMinutes)));
        Assert.Equal((rule, AlertState.Firing, AlertSeverity.Warning), (firing.Rule, firing.To, firing.Severity));

        var atThreshold = new AlertEvaluator(DefaultAlertRules.Set);
        for (var m = 0; m <= 30; m++) Assert.Empty(atThreshold.Evaluate("m1", "fraud", Alerts.AlertTest.Signals((signal, threshold)), at(m)));
        // Too few rows to judge: the signal is absent, nothing fires.
        Assert.Empty(new AlertEvaluator(DefaultAlertRules.Set).Evaluate("m1", "fraud", Alerts.AlertTest.Signals((signal, null)), at(0)));
    }
}
