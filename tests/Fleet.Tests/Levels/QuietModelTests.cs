using Fleet.Models;
using Fleet.Monitoring.Levels;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Levels;

/// <summary>
/// README "Degradation policy": a traffic threshold whose own window holds too few requests is judged over the next
/// longer window that holds enough (5 m, then 1 h, then 24 h), and says so; where none does, the snapshot reads
/// "not judged: too little traffic". The model here has the credit domain's defaults: error and timeout rate 1 %
/// over 5 m with N >= 500, latency P95 300 ms over 5 m with N >= 100, error state 50 % over 5 m with N >= 20.
/// </summary>
public sealed class QuietModelTests
{
    private static ModelDefinition Quiet() =>
        TestModels.Define(domain: "credit", thresholds: DomainDefaults.ThresholdsFor("credit"));

    /// <summary>One request every 5 seconds (0.2 a second: 60 in five minutes, 720 an hour), a batch a minute.</summary>
    private static void Serve(Fleet.Monitoring.ModelMonitor monitor, DateTimeOffset from, int minutes, Func<int, bool> failed)
    {
        var n = 0;
        for (var m = 0; m < minutes; m++)
        {
            var at = from.AddMinutes(m);
            var predictions = Enumerable.Range(0, 12).Select(i => Ev.Prediction(at.AddSeconds(5 * i), error: failed(n++))).ToList();
            monitor.Apply(Ev.Batch(at.AddMinutes(1), predictions));
        }
    }

    [Fact]
    public void A_quiet_models_partial_outage_reaches_rules_based_fallback_judged_over_the_hour()
    {
        var monitor = TestModels.Monitor(Quiet());
        Serve(monitor, T0, 60, _ => false);
        Assert.Equal(DegradationLevel.FullAi, monitor.Level.Level);

        // A third of the requests fail for 20 minutes: under the error state's half, far over the 1 % error limit, which
        // five minutes of 60 requests cannot judge (N >= 500) and the hour's 720 can.
        Serve(monitor, T0.AddMinutes(60), 20, n => n % 3 == 0);

        Assert.Equal(DegradationLevel.RulesFallback, monitor.Level.Level);
        var breach = Assert.Single(monitor.Breaches, b => b.Threshold == "error-rate");
        Assert.Equal(WindowSpan.OneHour, breach.Window);
        Assert.EndsWith("(judged over 1h: 5m held too few samples)", breach.Message);
        var reading = Assert.Single(monitor.Snapshot().Readings!, r => r.Threshold == "error-rate");
        Assert.Equal((WindowSpan.OneHour, WindowSpan.FiveMinutes, true, true), (reading.Window, reading.OwnWindow, reading.Judged, reading.Breached));
        Assert.Equal(720, reading.Samples);
    }

    [Fact]
    public void Where_no_window_holds_enough_requests_the_snapshot_says_not_judged_too_little_traffic()
    {
        var monitor = TestModels.Monitor(Quiet());
        // 30 requests in a day, all failing: the error state (N >= 20) is judged over 5 m and breached; the error rate
        // (N >= 500) cannot be judged over any window.
        monitor.Apply(Ev.Batch(T0, Ev.Many(30, T0, error: true)));

        var snapshot = monitor.Snapshot();

        Assert.Equal(DegradationLevel.ErrorState, snapshot.Level);
        var errorRate = Assert.Single(snapshot.Readings!, r => r.Threshold == "error-rate");
        Assert.Equal((false, "not judged: too little traffic", WindowSpan.OneDay, 30L, 500L),
            (errorRate.Judged, errorRate.Status, errorRate.Window, errorRate.Samples, errorRate.MinSamples));
        Assert.True(Assert.Single(snapshot.Readings!, r => r.Threshold == "error-state").Breached);
    }
}
