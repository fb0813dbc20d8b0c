using Fleet.Events;
using Fleet.Models;
using Fleet.Simulation.Faults;

namespace Fleet.Tests.Simulation;

/// <summary>
/// Faults of one kind that overlap combine, as independent failures do in life, instead of the last one
/// winning; a NaN and a missing value are different signals. Measured from the emitted events only.
/// </summary>
public sealed class FaultOverlapTests
{
    private static readonly TimeSpan Twenty = TimeSpan.FromMinutes(20);

    [Fact]
    public void Two_pipeline_failures_of_one_feature_both_break_it()
    {
        // Half the events lose f2, and half of the rest get a frozen f2: 50 % missing, 25 % stale, 25 % intact.
        var trace = Sim.Generate(Sim.Model("credit"), Twenty, Sim.Effects(
            Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f2", mode: "missing"),
            Sim.Fault(FaultKind.PipelineFailure, 0.5, feature: "f2", mode: "stale")));
        var p = trace.Predictions;
        var stale = p.Select(x => x.Features!["f2"].Number).Where(v => v is not null).GroupBy(v => v).Max(g => g.Count());
        // ~12,000 predictions: standard errors ~0.45 and ~0.4 points; allow 2.5.
        Assert.InRange(p.Share(x => x.IsMissing("f2")), 0.475, 0.525);
        Assert.InRange((double)stale / p.Count, 0.225, 0.275);
    }

    [Fact]
    public void A_nan_and_a_missing_value_are_different_signals()
    {
        var trace = Sim.Generate(Sim.Model("credit"), Twenty, Sim.Effects(
            Sim.Fault(FaultKind.PipelineFailure, 0.3, feature: "f1", mode: "nan"),
            Sim.Fault(FaultKind.PipelineFailure, 0.3, feature: "f3", mode: "missing")));
        var p = trace.Predictions;
        Assert.InRange(p.Share(x => x.Features!["f1"] == new FeatureValue(null, "NaN")), 0.28, 0.32);
        Assert.DoesNotContain(p, x => x.IsMissing("f1"));
        Assert.InRange(p.Share(x => x.IsMissing("f3")), 0.28, 0.32);
        Assert.DoesNotContain(p, x => x.Features!["f3"].Category is not null);
    }

    [Fact]
    public void Two_upstream_outages_of_different_sources_both_take_their_features_away()
    {
        // f1 and f2 come from the first source, f3 and f4 from the second.
        var model = Sim.Model("credit", sources: ["bureau", "app"]);
        var trace = Sim.Generate(model, Twenty, Sim.Effects(
            Sim.Fault(FaultKind.UpstreamOutage, 1.0, dataSource: "bureau"),
            Sim.Fault(FaultKind.UpstreamOutage, 1.0, dataSource: "app")));
        foreach (var feature in Sim.NumericFeatures) Assert.All(trace.Predictions, x => Assert.True(x.IsMissing(feature), feature));
    }

    [Fact]
    public void Two_outages_of_one_source_fail_as_independent_failures()
    {
        // 1 - (1 - 0.5)(1 - 0.5) = 75 % of lookups fail.
        var trace = Sim.Generate(Sim.Model("credit", sources: ["bureau"]), Twenty, Sim.Effects(
            Sim.Fault(FaultKind.UpstreamOutage, 0.5, dataSource: "bureau"),
            Sim.Fault(FaultKind.UpstreamOutage, 0.5, dataSource: "bureau")));
        Assert.InRange(trace.Predictions.Share(x => x.IsMissing("f1")), 0.725, 0.775);
    }

    [Fact]
    public void Two_biased_segments_both_lose_quality()
    {
        var calm = Sim.Generate(Sim.Model("credit"), TimeSpan.FromHours(1));
        var biased = Sim.Generate(Sim.Model("credit"), TimeSpan.FromHours(1), Sim.Effects(
            Sim.Fault(FaultKind.SegmentBias, 0.6, segment: "55+"),
            Sim.Fault(FaultKind.SegmentBias, 0.6, segment: "18-24")));
        foreach (var segment in new[] { "55+", "18-24" })
        {
            var q0 = calm.Where(p => p.Segment == segment).Quality(QualityMetricKind.Accuracy);
            var q1 = biased.Where(p => p.Segment == segment).Quality(QualityMetricKind.Accuracy);
            // 60 % of decisions flipped: accuracy heads for ~45 % from ~82 %; at least ~5,000 outcomes each.
            Assert.True(q0 - q1 > 0.20, $"{segment}: {q0:P1} -> {q1:P1}");
        }
    }
}
