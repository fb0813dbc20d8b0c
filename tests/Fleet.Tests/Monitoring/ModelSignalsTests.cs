using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Windows;
using Xunit;

namespace Fleet.Tests.Monitoring;

/// <summary>An evaluation fills one reused signal dictionary; it must read exactly as a new one would.</summary>
public sealed class ModelSignalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_reused_signal_dictionary_holds_the_same_signals_in_the_same_order_as_a_new_one()
    {
        var (fraud, fraudWindows) = Model("fraud", errorEvery: 7);
        var (spam, spamWindows) = Model("spam", errorEvery: 3);
        var reused = ModelSignals.NewSignals();
        reused["left.over"] = 42; // whatever a caller left there goes

        foreach (var (model, windows, level) in new[] { (fraud, fraudWindows, DegradationLevel.ReducedAi), (spam, spamWindows, DegradationLevel.FullAi) })
        {
            var fresh = ModelSignals.From(model, windows, level, null, [QualityDetectors.Latency]);
            var filled = ModelSignals.Fill(reused, model, windows, level, null, [QualityDetectors.Latency]);
            Assert.Same(reused, filled);
            Assert.Equal(fresh.ToList(), filled.ToList());
        }
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
