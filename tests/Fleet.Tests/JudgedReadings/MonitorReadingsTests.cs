using Fleet.Catalogue;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.JudgedReadings;

/// <summary>
/// A real monitor: what its snapshot (the API and the page) shows for each threshold is what its last evaluation judged,
/// read from the same readings the alert rules judge.
/// </summary>
public sealed class MonitorReadingsTests
{
    private static readonly DateTimeOffset T0 = Clock.T0;

    [Fact]
    public void The_snapshot_shows_each_threshold_as_the_evaluation_after_the_batch_judged_it()
    {
        // Standard thresholds (TestModels) and a volume floor: 1,000 requests at 500 ms, half failing (300 errors, 200
        // timeouts), 300 by a fallback, 200 unscored. Every traffic limit is breached.
        var model = TestModels.Define(thresholds: TestModels.Standard.With(ThresholdCatalogue.MinVolume, new Limit(1_000_000, WindowSpan.OneHour, 0)));
        var monitor = TestModels.Monitor(model);
        monitor.Apply(Ev.Batch(T0,
        [
            .. Ev.Many(300, T0, latencyMs: 500, error: true), .. Ev.Many(200, T0, latencyMs: 500, timeout: true),
            .. Ev.Many(300, T0, latencyMs: 500, fallback: true), .. Ev.Many(200, T0, latencyMs: 500, score: null),
        ]));

        var shown = monitor.Snapshot().Readings!;
        var readings = monitor.CurrentReadings();
        foreach (var d in ThresholdCatalogue.Limits.Where(d => d.Of(model.Thresholds) is not null))
        {
            var r = shown.Single(r => r.Threshold == d.Name);
            var breach = Assert.Single(monitor.Breaches, b => b.Threshold == d.Name);
            Assert.True(r.Judged && r.Breached, $"{d.Name}: {r.Status}");
            Assert.Equal((breach.Value, breach.Window), (r.Value!.Value, r.Window));
            Assert.Equal((readings.Slot(d.KeyAt(r.Window)).Value, readings.Slot(d.KeyAt(r.Window)).Samples), (r.Value, r.Samples));
        }
        Assert.Equal(0.5, shown.Single(r => r.Threshold == ThresholdCatalogue.ErrorState.Name).Value!.Value, 12);
        Assert.Equal(0.3, shown.Single(r => r.Threshold == ThresholdCatalogue.FallbackRate.Name).Value!.Value, 12);
        Assert.Equal(0.8, shown.Single(r => r.Threshold == ThresholdCatalogue.Coverage.Name).Value!.Value, 12);
    }

    [Fact]
    public void The_error_state_and_the_burn_rate_read_one_error_reading_each_from_its_own_minimum()
    {
        // 100 requests, 60 failing: the error state (from 20 requests) judges 60 %; the alert rules wait for 500.
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, [.. Ev.Many(60, T0, error: true), .. Ev.Many(40, T0)]));

        var errors = Fleet.Catalogue.Readings.ErrorRate.At(WindowSpan.FiveMinutes);
        var readings = monitor.CurrentReadings();
        var state = monitor.Snapshot().Readings!.Single(r => r.Threshold == ThresholdCatalogue.ErrorState.Name);
        Assert.Equal((0.6, 100L), (readings.Slot(errors).Value!.Value, readings.Slot(errors).Samples));
        Assert.Equal((0.6, 100L, true), (state.Value!.Value, state.Samples, state.Judged));
        Assert.Null(readings[errors]);
        Assert.Equal(DegradationLevel.ErrorState, monitor.Level.Level);
    }

    // Two segments of 300 labels: "seg-a" all right, "seg-b" 255 of 300 right (85 %): a 15-point gap, above a
    // 10-point fairness limit asking for 200 labels per segment. Overall 92.5 %: above the launch bar.
    private static ModelMonitor Biased()
    {
        var model = TestModels.Define(thresholds: TestModels.Standard.With(ThresholdCatalogue.Fairness, new Limit(0.10, WindowSpan.OneDay, 200)));
        var monitor = TestModels.Monitor(model);
        var (a, aOutcomes) = Ev.Labelled(T0, tp: 300, fp: 0, fn: 0, tn: 0);
        var (b, bOutcomes) = Ev.Labelled(T0, tp: 255, fp: 45, fn: 0, tn: 0);
        monitor.Apply(Ev.Batch(T0, [.. a, .. b.Select(p => p with { Segment = "seg-b" })], [.. aOutcomes, .. bOutcomes]));
        return monitor;
    }

    [Fact]
    public void The_fairness_gap_reading_is_the_gap_the_fairness_limit_judges_with_its_own_labels_per_segment()
    {
        var monitor = Biased();

        var breach = Assert.Single(monitor.Breaches, b => b.Threshold == ThresholdCatalogue.Fairness.Name);
        Assert.Equal(0.15, breach.Value, 12);
        var readings = monitor.CurrentReadings();
        Assert.Equal(0.15, readings[Fleet.Catalogue.Readings.FairnessGap.Key]!.Value, 12);
        Assert.Equal(1.5, readings[Fleet.Catalogue.Readings.FairnessGapVsLimit.Key]!.Value, 12);
        Assert.Equal(0.15, monitor.Snapshot().FairnessGap!.Value, 12);
        Assert.Equal(DegradationLevel.ReducedAi, monitor.Level.Level);
    }

    [Fact]
    public void Releasing_a_forced_level_goes_to_the_level_the_input_breaches_call_for()
    {
        var monitor = Biased();
        monitor.Force(DegradationLevel.RulesFallback, "ops", "drill", T0);

        var released = monitor.Force(null, "ops", "drill over", T0);

        Assert.Equal(DegradationLevel.ReducedAi, released!.To);
        Assert.DoesNotContain(monitor.Level.History, t => t.To == DegradationLevel.FullAi);
    }
}
