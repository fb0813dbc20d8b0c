using Fleet.Models;
using Fleet.Simulation.Runs;

namespace Fleet.Tests.Simulation;

/// <summary>
/// Faults that only make sense inside a run (a launch, an outage of a shared source), measured from
/// the batches the run sends and from the monitor's own windows.
/// </summary>
public sealed class FaultRunTests
{
    private static string LaunchScenario => """
        name: launch
        seed: 4
        duration: 40m
        fleet:
          - domain: credit
            count: 2
        traffic: { rate: 3, shape: flat, labelDelay: 1m }
        injections:
          - name: go-live
            at: 20m
            fault: launch
            targets: { ids: [credit-002] }
        """;

    [Fact]
    public async Task Launched_model_sends_nothing_before_the_injection_time()
    {
        var sink = new RecordingSink(new MonitorFleetSink());
        var run = new ScenarioRun(Sim.Parse(LaunchScenario), new(), sink);
        var launch = Sim.T0 + TimeSpan.FromMinutes(20);

        await run.StepUntil(TimeSpan.FromMinutes(20));
        Assert.DoesNotContain(sink.Registrations, d => d.Id == "credit-002");
        Assert.DoesNotContain(sink.Batches, b => b.Model == "credit-002");
        Assert.False(sink.Monitors.Monitors.ContainsKey("credit-002"));
        Assert.Contains(sink.Batches, b => b.Model == "credit-001"); // its sibling has served all along

        while (!run.Finished) await run.StepAsync();
        var launched = sink.TraceOf("credit-002").Predictions;
        Assert.NotEmpty(launched);
        Assert.All(launched, p => Assert.True(p.Timestamp >= launch, $"{p.PredictionId} at {p.Timestamp:u}"));
        Assert.True(launched.Min(p => p.Timestamp) < launch + Sim.Tick, "serves from the injection's tick on");
        Assert.True(sink.TraceOf("credit-001").Predictions.Min(p => p.Timestamp) < Sim.T0 + Sim.Tick);
        var entry = Assert.Single(run.Journal, j => j.Kind == "launch");
        Assert.Equal(("credit-002", launch), (entry.Target, entry.At));
    }

    private static string Outage(bool inject) => """
        name: upstream
        seed: 4
        duration: 30m
        fleet:
          - domain: credit
            count: 1
            dataSources: [feature-store, bureau]
          - domain: support
            count: 1
            dataSources: [crm]
        traffic: { rate: 5, shape: flat, labelDelay: 1m }

        """ + (inject ? """
        injections:
          - name: store-down
            at: 0
            fault: upstream-outage
            targets: { dataSource: feature-store }
            magnitude: 1
        """ : "");

    [Fact]
    public async Task Upstream_outage_hits_the_models_of_that_source_and_leaves_the_others_untouched()
    {
        var (_, calm) = await Sim.RunAsync(Outage(inject: false));
        var (run, down) = await Sim.RunAsync(Outage(inject: true));
        Assert.Contains(run.Journal, j => j.Kind == "injection" && j.Detail.Contains("on 1 model(s)", StringComparison.Ordinal));

        // credit-001 reads f1, f2 from feature-store and f3, f4 from bureau.
        var hit = down.TraceOf("credit-001").Predictions;
        var before = calm.TraceOf("credit-001").Predictions;
        Assert.True(hit.Count > 8_000);
        Assert.All(hit, p => Assert.True(p.IsMissing("f1") && p.IsMissing("f2"), Sim.Describe(p)));
        Assert.All(hit, p => Assert.True(!p.IsMissing("f3") && !p.IsMissing("f4"), Sim.Describe(p)));

        // Lookups slow down by (1 + magnitude): the median of answered requests doubles (~9,000 each,
        // relative standard error well under 1 %; allow 5 %). Timeouts appear: 3 % per unit of magnitude
        // on top of the healthy 0.1 % (standard error 0.2 points; allow 1.5).
        static double Median(List<Fleet.Events.PredictionEvent> p) => p.Where(x => !x.Timeout).Select(x => x.LatencyMs).Percentile(0.5);
        Assert.InRange(Median(hit) / Median(before), 1.9, 2.1);
        Assert.InRange(hit.Share(p => p.Timeout), 0.016, 0.046);
        Assert.True(before.Share(p => p.Timeout) < 0.005);

        // The monitor sees it too, from the same events: its hour window's median latency about doubles
        // (the sketch's error bound is ~1 %; timeouts push the median up by ~1.5 %) and timeouts show.
        var seen = down.Snapshot("credit-001").Windows[WindowSpan.OneHour];
        var usual = calm.Snapshot("credit-001").Windows[WindowSpan.OneHour];
        Assert.InRange(seen.LatencyP50!.Value / usual.LatencyP50!.Value, 1.85, 2.2);
        Assert.True(seen.TimeoutRate > 0.015 && usual.TimeoutRate < 0.005, $"timeout rate {seen.TimeoutRate:P2} vs {usual.TimeoutRate:P2}");

        // support-001 reads only crm: every event it sends is exactly what it sends without the outage.
        var untouched = down.TraceOf("support-001");
        var reference = calm.TraceOf("support-001");
        Assert.Equal(reference.Predictions.Select(Sim.Describe), untouched.Predictions.Select(Sim.Describe));
        Assert.Equal(reference.Outcomes, untouched.Outcomes);
        Assert.Equal(calm.Snapshot("support-001").Windows[WindowSpan.OneHour], down.Snapshot("support-001").Windows[WindowSpan.OneHour]);
    }
}
