using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Simulation.Scenarios;
using Xunit;

namespace Fleet.Tests.Catalogue;

/// <summary>A what-if replay's thresholds (YAML) take any declared limit by its field, checked as the API checks it.</summary>
public sealed class ThresholdOverridesTests
{
    [Fact]
    public void Every_declared_limit_can_be_overridden_by_its_field_keeping_the_domain_s_window_and_samples()
    {
        var defaults = DomainDefaults.ThresholdsFor("fraud");
        var yaml = string.Join('\n', ThresholdCatalogue.Limits.Select((l, i) => $"{l.Field}: {0.01 * (i + 1):0.00}")) + "\nquality: { launch: 0.6 }";

        var applied = ThresholdOverrides.Parse(yaml).Apply(defaults);

        for (var i = 0; i < ThresholdCatalogue.Limits.Count; i++)
        {
            var limit = ThresholdCatalogue.Limits[i];
            var start = defaults[limit] ?? limit.Base!; // fraud has no diversity limit: it starts from the base
            Assert.Equal(start with { Value = Math.Round(0.01 * (i + 1), 2) }, applied[limit]);
        }
        Assert.Equal(defaults.Quality with { Launch = 0.6 }, applied.Quality);
    }

    [Theory]
    [InlineData("errorRate: 1.5", "thresholds.errorRate", "must be a fraction from 0 to 1 (0.01 = 1%)")]
    [InlineData("latencyP95Ms: 0", "thresholds.latencyP95Ms", "must be a finite number > 0")]
    [InlineData("coverage: high", "thresholds.coverage", "must be a number")]
    [InlineData("p99: 3", "thresholds.p99", "must be one of errorState, errorRate, timeoutRate, latencyP95Ms, fallbackRate, coverage, inputDrift, diversity, fairness, minVolume, quality")]
    public void A_wrong_key_or_value_is_refused_naming_it(string yaml, string field, string reason)
    {
        var refused = Assert.Throws<ScenarioException>(() => ThresholdOverrides.Parse(yaml));
        Assert.Equal((field, reason), (refused.Field, refused.Reason));
    }
}
