using Fleet.Catalogue;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Windows;
using Fleet.Tests.Simulation;

namespace Fleet.Tests.Fairness;

/// <summary>Quality per segment and the largest gap between segments: the fairness signal and its alert.</summary>
public sealed class FairnessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_gap_is_the_spread_of_segment_accuracies_counting_only_segments_with_enough_labels()
    {
        var segments = new SegmentQuality();
        var young = segments.IndexOf("18-24");
        var old = segments.IndexOf("55+");
        var rare = segments.IndexOf("unknown");
        // 18-24: 900 right of 1,000 (90 %); 55+: 700 right of 1,000 (70 %); "unknown": 10 of 10 right, too few to count.
        for (var i = 0; i < 1000; i++) segments.Record(young, T0.Ticks, 0.9, i < 900 ? 1 : 0, 0.5);
        for (var i = 0; i < 1000; i++) segments.Record(old, T0.Ticks, 0.9, i < 700 ? 1 : 0, 0.5);
        for (var i = 0; i < 10; i++) segments.Record(rare, T0.Ticks, 0.9, 1, 0.5);

        Assert.Equal(0.20, segments.LargestGap(T0.Ticks, QualityMetricKind.Accuracy)!.Value, 12);
        var all = segments.Over24h(T0.Ticks, QualityMetricKind.Accuracy);
        Assert.Equal((1.0, 10L), (all.Single(s => s.Segment == "unknown").Quality!.Value, all.Single(s => s.Segment == "unknown").Samples));
        // A day later the hourly buckets have rolled out: nothing is judged.
        Assert.Null(segments.LargestGap(T0.AddHours(25).Ticks, QualityMetricKind.Accuracy));
        Assert.Equal(Fleet.Monitoring.Ingestion.PendingPredictions.NoSegment, segments.IndexOf(null));
    }

    [Fact]
    public async Task A_bias_emerging_in_one_segment_opens_a_gap_and_fires_the_fairness_alert_while_a_fair_model_stays_quiet()
    {
        var (_, recorded) = await Sim.RunAsync("""
            name: bias
            duration: 90m
            fleet: [ { domain: credit, count: 2, owner: lending } ]
            traffic: { rate: 20, shape: flat, labelDelay: 1m }
            injections:
              - { name: bias, at: 0s, fault: segment-bias, targets: { ids: [credit-001] }, segment: "55+", magnitude: 0.6 }
            """);
        var sink = recorded.Monitors;

        var biased = sink.Monitors["credit-001"].Snapshot();
        var fair = sink.Monitors["credit-002"].Snapshot();
        var oldest = biased.Segments!.Single(s => s.Segment == "55+");
        var others = biased.Segments!.Where(s => s.Segment != "55+").ToList();
        // Flipping 60 % of the 55+ decisions turns ~82 % right into ~42 %: a gap far above 10 points.
        Assert.True(oldest.Samples >= SegmentQuality.MinSamples, $"{oldest.Samples} labelled in 55+");
        Assert.True(biased.FairnessGap > 0.25, $"gap {biased.FairnessGap}");
        Assert.All(others, s => Assert.True(s.Quality > oldest.Quality + 0.25, $"{s.Segment} {s.Quality} vs 55+ {oldest.Quality}"));
        Assert.Contains("fairness-gap (firing)", biased.ActiveAlerts!);
        // The fair model: four segments, each ~1.5 points of standard error; the gap stays under the 10-point bar.
        Assert.True(fair.FairnessGap < 0.10, $"fair gap {fair.FairnessGap}");
        Assert.DoesNotContain(fair.ActiveAlerts!, a => a.StartsWith("fairness-gap"));
    }

    [Fact]
    public async Task The_fairness_alert_reads_the_models_own_limit_so_an_mae_model_without_one_is_not_alerted()
    {
        // A forecasting model's quality is its MAE, in the target's units: a gap of 0.10 there is no 10-point gap,
        // and by default such a model has no fairness limit. The same bias opens a gap far above 0.10 but no alert.
        var (_, recorded) = await Sim.RunAsync("""
            name: bias-mae
            duration: 90m
            fleet: [ { domain: forecasting, count: 1, owner: planning } ]
            traffic: { rate: 20, shape: flat, labelDelay: 1m }
            injections:
              - { name: bias, at: 0s, fault: segment-bias, targets: { ids: [forecasting-001] }, segment: "55+", magnitude: 0.6 }
            """);

        var monitor = recorded.Monitors.Monitors["forecasting-001"];
        var biased = monitor.Snapshot();
        Assert.Equal(QualityMetricKind.Mae, monitor.Definition.QualityMetric);
        Assert.Null(monitor.Definition.Thresholds[ThresholdCatalogue.Fairness]);
        Assert.True(biased.FairnessGap > 0.10, $"gap {biased.FairnessGap}");
        Assert.DoesNotContain(biased.ActiveAlerts!, a => a.StartsWith("fairness-gap"));
    }
}
