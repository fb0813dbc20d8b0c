using System.Text.Json;
using Fleet.Catalogue;
using Fleet.Dashboard.Api;
using Fleet.Models;
using Xunit;

namespace Fleet.Tests.Catalogue;

/// <summary>Each limit is declared once, and the API reads and validates thresholds from the declarations.</summary>
public sealed class ThresholdCatalogueTests
{
    private static ThresholdsRequest Request(string json) => JsonSerializer.Deserialize<ThresholdsRequest>(json, FleetJson.Options)!;

    [Fact]
    public void Each_limit_is_declared_once_and_reads_and_writes_only_its_own_value()
    {
        Assert.Equal(ThresholdCatalogue.Limits.Count, ThresholdCatalogue.Limits.Select(d => d.Name).Distinct().Count());
        Assert.Equal(ThresholdCatalogue.Limits.Count, ThresholdCatalogue.Limits.Select(d => d.Field).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, ThresholdCatalogue.Limits.Count), ThresholdCatalogue.Limits.Select(d => d.Index));

        var t = DomainDefaults.ThresholdsFor("recommendations");
        Assert.Equal(ThresholdCatalogue.Limits.Count, t.Limits.Length);
        for (var i = 0; i < ThresholdCatalogue.Limits.Count; i++)
            t = t.With(ThresholdCatalogue.Limits[i], new Limit(0.01 * (i + 1), WindowSpan.OneDay, i + 1));
        for (var i = 0; i < ThresholdCatalogue.Limits.Count; i++)
            Assert.Equal(new Limit(0.01 * (i + 1), WindowSpan.OneDay, i + 1), t[ThresholdCatalogue.Limits[i]]);
    }

    [Fact]
    public void A_domain_s_defaults_are_its_declarations_defaults_and_compare_by_value()
    {
        var fraud = DomainDefaults.For("fraud");
        var defaults = DomainDefaults.ThresholdsFor("fraud");
        Assert.Equal(ThresholdCatalogue.Limits.Select(d => d.Default(fraud, fraud.Metric)), defaults.Limits);
        Assert.Equal(new Limit(150, WindowSpan.FiveMinutes, 100), defaults[ThresholdCatalogue.LatencyP95]);
        Assert.Null(defaults[ThresholdCatalogue.Diversity]);
        Assert.Null(DomainDefaults.ThresholdsFor("forecasting")[ThresholdCatalogue.Fairness]);
        Assert.Equal(DomainDefaults.ThresholdsFor("fraud"), defaults);
        Assert.Equal(DomainDefaults.ThresholdsFor("fraud").GetHashCode(), defaults.GetHashCode());
        Assert.NotEqual(DomainDefaults.ThresholdsFor("spam"), defaults);
    }

    [Fact]
    public void A_limit_given_by_its_field_merges_over_the_default_and_one_left_off_by_the_domain_starts_from_its_base()
    {
        var defaults = DomainDefaults.ThresholdsFor("fraud");
        var (set, error) = ThresholdsMapper.Map(Request("""{"errorRate": {"value": 0.02}, "diversity": {"value": 0.4}, "minVolume": null}"""),
            defaults, QualityMetricKind.Recall);
        Assert.Null(error);
        Assert.Equal(defaults
            .With(ThresholdCatalogue.ErrorRate, defaults[ThresholdCatalogue.ErrorRate]! with { Value = 0.02 })
            .With(ThresholdCatalogue.Diversity, ThresholdCatalogue.Diversity.Base! with { Value = 0.4 }), set);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { """{"errorRate": {"value": 1.5}}""", "thresholds.errorRate.value", "must be a fraction from 0 to 1" },
        { """{"latencyP95Ms": {"value": 0}}""", "thresholds.latencyP95Ms.value", "must be a finite number > 0" },
        { """{"minVolume": {"value": -1}}""", "thresholds.minVolume.value", "must be a finite number >= 0" },
        { """{"coverage": {"window": "2h"}}""", "thresholds.coverage.window", "must be one of 5m, 1h, 24h, 30d" },
        { """{"timeoutRate": {"minSamples": -1}}""", "thresholds.timeoutRate.minSamples", "must be >= 0" },
        { """{"fairness": {"window": "1h"}}""", "thresholds.fairness.window", "must be 24h: segment quality is kept over the last 24 hours" },
        { """{"errorRate": {"value": "high"}}""", "thresholds.errorRate.value", "has the wrong type" },
        { """{"errorRate": {"valeu": 0.1}}""", "thresholds.errorRate.valeu", "is not a known field" },
        { """{"errorRate": 0.1}""", "thresholds.errorRate", "has the wrong type" },
        { """{"p99": {"value": 0.1}}""", "thresholds.p99", "is not a known threshold; known: quality, hysteresis, errorState, errorRate" },
        { """{"hysteresis": {"margin": 1}}""", "thresholds.hysteresis.margin", "must be a fraction from 0 (inclusive) to 1 (exclusive)" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_threshold_is_refused_naming_its_field(string json, string field, string reason)
    {
        var (thresholds, error) = ThresholdsMapper.Map(Request(json), DomainDefaults.ThresholdsFor("fraud"), QualityMetricKind.Recall);
        Assert.Null(thresholds);
        Assert.Equal(field, error!.Field);
        Assert.StartsWith(reason, error.Reason);
    }
}
