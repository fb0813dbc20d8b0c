using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.JudgedReadings;

/// <summary>
/// Walks every declared limit (<see cref="ThresholdCatalogue.Limits"/>) and checks that the level evaluator judges the
/// model's typed readings (<see cref="ModelReadings"/>, the ones the alert rules read): what a threshold shows (value,
/// samples, window, judged) is the slot of its declared reading over the window it was judged, and its minimum of
/// samples is its own limit's.
/// </summary>
public sealed class ReadingWalkTests
{
    // Every limit on, each over its own window with a minimum of samples no default has (volume: a floor far above).
    private static readonly ModelDefinition Model = TestModels.Define(domain: "recommendations", metric: QualityMetricKind.Relevance,
        baseline: null, thresholds: ThresholdCatalogue.Limits.Aggregate(DomainDefaults.ThresholdsFor("recommendations"),
            (t, d) => t.With(d, new Limit(d.Kind switch { LimitKind.Fraction => 0.2, LimitKind.Positive => 250, _ => 1_000_000 },
                d.OnlyWindow?.Window ?? (d.PerWindow ? WindowSpan.FiveMinutes : WindowSpan.OneHour), 150 + d.Index))));

    public static TheoryData<string> Cases => ["bad", "good", "quiet", "silent"];

    private static (Health Health, InputSignals Inputs) Case(string name) => name switch
    {
        // Everything on the bad side, with plenty of samples.
        "bad" => (new Health(ErrorRate: 0.4, TimeoutRate: 0.3, LatencyP95: 10_000, FallbackRate: 0.9, Coverage: 0.1, Volume5m: 2_000),
            new InputSignals(0.9, 1_000, 0.9, 1_000, 0.5, 5_000)),
        "good" => (new Health(Volume5m: 2_000), new InputSignals(0, 1_000, 0.05, 1_000, 0.01, 5_000)),
        // Too few requests over 5 minutes for any 5-minute limit: they are read over the hour; inputs below their minimums.
        "quiet" => (new Health(ErrorRate: 0.4, Volume5m: 40, Volume1h: 2_000), new InputSignals(0.9, 100, 0.9, 100, 0.5, 100)),
        // No traffic at all: nothing but the volume floor can be judged.
        _ => (new Health(Volume5m: 0, Volume1h: 0, QualitySamples: 0, Volume24h: 0), new InputSignals(null, 0, null, 0)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_limit_shows_the_slot_of_its_reading_over_the_window_it_was_judged_with_its_own_minimum(string name)
    {
        var (health, inputs) = Case(name);
        var readings = health.Readings(Model, inputs);
        var shown = new List<ThresholdReading>();
        var breaches = ThresholdEvaluator.Evaluate(Model, readings, 0, shown: shown);

        foreach (var d in ThresholdCatalogue.Limits)
        {
            var limit = d.Of(Model.Thresholds)!;
            var r = Assert.Single(shown, r => r.Threshold == d.Name);
            var slot = readings.Slot(d.KeyAt(r.Window));
            Assert.Equal((slot.Value, slot.Samples), (r.Value, r.Samples));
            Assert.Equal(d.SamplesNeeded(limit), r.MinSamples);
            Assert.Equal(slot.JudgedFrom(r.MinSamples), r.Judged);
            Assert.Equal(limit.Window, r.OwnWindow);
            // A per-window reading goes to a longer window only when its own held too few samples, and no further than needed.
            if (r.Window != limit.Window)
            {
                Assert.True(d.PerWindow, d.Name);
                Assert.True(readings.Slot(d.KeyAt(limit.Window)).Samples < r.MinSamples, d.Name);
            }
            var breach = breaches.SingleOrDefault(b => b.Threshold == d.Name);
            Assert.Equal(r.Breached, breach is not null);
            if (breach is not null) Assert.Equal((r.Value, r.Window), (breach.Value, breach.Window));
        }
        if (name == "bad") Assert.All(shown.Where(r => r.Threshold != ThresholdCatalogue.QualityBelowLaunch), r => Assert.True(r.Breached, r.Threshold));
        // The volume floor is far above any traffic here: the one breach of the good case.
        if (name == "good") Assert.Equal([ThresholdCatalogue.MinVolume.Name], shown.Where(r => r.Breached).Select(r => r.Threshold));
    }

    [Fact]
    public void A_quiet_models_five_minute_limits_are_judged_over_the_hour_and_its_inputs_not_at_all()
    {
        var (health, inputs) = Case("quiet");
        var shown = new List<ThresholdReading>();
        ThresholdEvaluator.Evaluate(Model, health.Readings(Model, inputs), 0, shown: shown);

        foreach (var d in ThresholdCatalogue.Limits.Where(d => d.PerWindow && !d.CountIsTheReading))
            Assert.Equal(WindowSpan.OneHour, shown.Single(r => r.Threshold == d.Name).Window);
        foreach (var d in new[] { ThresholdCatalogue.InputDrift, ThresholdCatalogue.Diversity, ThresholdCatalogue.Fairness })
            Assert.False(shown.Single(r => r.Threshold == d.Name).Judged, d.Name);
    }
}
