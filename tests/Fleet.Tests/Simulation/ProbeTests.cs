using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Xunit.Abstractions;

namespace Fleet.Tests.Simulation;

public class ProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Probe()
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(FindRoot(), "scenarios", "concept-drift.yaml"));
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(scenario, new RunOptions(), sink);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await run.RunAsync(CancellationToken.None);
        output.WriteLine($"{sw.Elapsed} events {run.Events} digest {run.Digest}");
        foreach (var t in run.Transitions) output.WriteLine($"{t.At:u} {t.Model} {t.From}->{t.To} {t.Reason}");
        foreach (var (id, m) in sink.Monitors.Take(20))
        {
            var w = m.Snapshot().Windows[Fleet.Models.WindowSpan.OneDay];
            output.WriteLine($"{id} q={w.Quality:F3} n={w.QualitySamples} p95={w.LatencyP95:F0} err={w.ErrorRate:F4} cov={w.Coverage:F3} fb={w.FallbackRate:F3}");
        }
        foreach (var e in run.Summary().Expectations) output.WriteLine($"{e.Passed} {e.Description} {e.Detail}");
        foreach (var j in run.Journal) output.WriteLine($"{j.At:u} {j.Kind} {j.Target} {j.Detail}");
    }

    internal static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Fleet.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
