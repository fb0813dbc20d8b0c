using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Catalogue;
using Fleet.Monitoring.Windows;
using Xunit;

namespace Fleet.Tests.Monitoring;

/// <summary>An evaluation fills one reused set of readings; it must read exactly as a new one would.</summary>
public sealed class ModelSignalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reused_readings_hold_the_same_readings_as_new_ones()
    {
        var (fraud, fraudWindows) = Model("fraud", errorEvery: 7);
        var (spam, spamWindows) = Model("spam", errorEvery: 3);
        var reused = new ModelReadings();
        reused[Readings.OptOutRate.At(Snapshots.OwnerWindow.SevenDays)] = 42; // whatever a caller left there goes

        foreach (var (model, windows, level) in new[] { (fraud, fraudWindows, DegradationLevel.ReducedAi), (spam, spamWindows, DegradationLevel.FullAi) })
        {
            var fresh = ModelSignals.From(model, windows, level, null, [QualityDetectors.Latency]);
            var filled = ModelSignals.Fill(reused, model, windows, level, null, [QualityDetectors.Latency]);
            Assert.Same(reused, filled);
            Assert.Equal(fresh.Written().ToList(), filled.Written().ToList());
        }
    }

    [Theory]
    [InlineData(99, null)]
    [InlineData(100, 1.5)]
    public void The_latency_budget_signal_needs_as_many_requests_as_the_latency_limit(int requests, double? expected)
    {
        // Every request takes 1.5 × the limit: the P95 is that, within the sketch's 1 % (tolerance 2 %).
        var model = Fleet.Tests.Core.TestModels.Define(domain: "fraud", thresholds: DomainDefaults.ThresholdsFor("fraud"));
        var limit = model.Thresholds.Required(ThresholdCatalogue.LatencyP95);
        Assert.Equal(100, limit.MinSamples);
        var windows = new RollingWindows();
        for (var i = 0; i < requests; i++)
            windows.RecordPrediction(T0.AddSeconds(i).UtcTicks, new PredictionSample(1.5 * limit.Value, true, false, false, false, false, 0.9));

        var signals = ModelSignals.From(model, windows.AllMetrics(model.QualityMetric), DegradationLevel.FullAi, null, []);

        var key = Readings.LatencyVsLimit.At(WindowSpan.FiveMinutes);
        if (expected is null) Assert.Null(signals[key]);
        else Assert.Equal(expected.Value, signals[key]!.Value, 0.02 * expected.Value);
        // The reading itself is there either way; only the judgement against the budget waits for enough requests.
        Assert.NotNull(signals[Readings.LatencyP95.At(WindowSpan.FiveMinutes)]);
    }

    private static (ModelDefinition, IReadOnlyDictionary<WindowSpan, Snapshots.WindowMetrics>) Model(string domain, int errorEvery)
    {
        var windows = new RollingWindows();
        for (var i = 0; i < 3_000; i++)
        {
            var at = T0.AddSeconds(2 * i).UtcTicks;
            windows.RecordPrediction(at, new PredictionSample(30 + i % 50, true, i % 11 == 0, false, i % errorEvery == 0, false, (i % 10) / 10.0));
            windows.RecordOutcome(at, (i % 10) / 10.0, i % 3 == 0 ? 1 : 0, 0.5);
        }
        var model = Fleet.Tests.Core.TestModels.Define(domain: domain, thresholds: DomainDefaults.ThresholdsFor(domain));
        return (model, windows.AllMetrics(model.QualityMetric));
    }
}
