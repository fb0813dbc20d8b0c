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

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    [Fact]
    public void Every_limit_of_the_thresholds_is_declared_once_under_its_property_name_and_reads_and_writes_only_it()
    {
        var limits = typeof(Thresholds).GetProperties().Where(p => p.PropertyType == typeof(Limit)).ToList();
        Assert.Equal(limits.Select(p => Camel(p.Name)).Order(), ThresholdCatalogue.Limits.Select(d => d.Field).Order());
        Assert.Equal(ThresholdCatalogue.Limits.Count, ThresholdCatalogue.Limits.Select(d => d.Name).Distinct().Count());

        // Each declaration writes its own value: each property then holds the value of the declaration named after it.
        var t = DomainDefaults.ThresholdsFor("recommendations");
        for (var i = 0; i < ThresholdCatalogue.Limits.Count; i++)
            t = ThresholdCatalogue.Limits[i].With(t, new Limit(0.01 * (i + 1), WindowSpan.OneDay, i + 1));
        for (var i = 0; i < ThresholdCatalogue.Limits.Count; i++)
        {
            var declaration = ThresholdCatalogue.Limits[i];
            var expected = new Limit(0.01 * (i + 1), WindowSpan.OneDay, i + 1);
            Assert.Equal(expected, limits.Single(p => Camel(p.Name) == declaration.Field).GetValue(t));
            Assert.Equal(expected, declaration.Get(t));
        }
    }

    [Fact]
    public void A_limit_given_by_its_field_merges_over_the_default_and_one_left_off_by_the_domain_starts_from_its_base()
    {
        var defaults = DomainDefaults.ThresholdsFor("fraud");
        var (set, error) = ThresholdsMapper.Map(Request("""{"errorRate": {"value": 0.02}, "diversity": {"value": 0.4}, "minVolume": null}"""),
            defaults, QualityMetricKind.Recall);
        Assert.Null(error);
        Assert.Equal(defaults with
        {
            ErrorRate = defaults.ErrorRate with { Value = 0.02 },
            Diversity = ThresholdCatalogue.Diversity.Base! with { Value = 0.4 },
        }, set);
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
