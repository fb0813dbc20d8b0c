using Fleet.Dashboard.Reports;
using Fleet.Models;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Snapshots;
using Fleet.Tests.Scenarios;

namespace Fleet.Tests.Reports;

/// <summary>
/// A shipped scenario played on the plain monitors (the same classes the grains run), and the report facts read
/// from them as <see cref="ReportFactSource"/> reads them from the grains: the run summary, the alert book's
/// incidents, alerts and notifications, and each affected model's snapshot and 1h and 24h series.
/// </summary>
internal sealed record PlainRun(RunSummary Summary, ReportFacts Facts)
{
    /// <summary>The demo is 24 hours of 200 models; its incidents all start in the first 90 minutes.</summary>
    private static readonly TimeSpan DemoHorizon = TimeSpan.FromMinutes(90);

    public static async Task<PlainRun> PlayAsync(string name)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(ShippedScenarioTests.Root(), "scenarios", name + ".yaml"));
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(scenario, new RunOptions { RunId = name, Until = name == "demo" ? DemoHorizon : null }, sink);
        await run.RunAsync(CancellationToken.None);
        var summary = run.Summary();
        var book = sink.Alerts.Book;
        var alerts = book.Alerts(sink.Alerts.Now);
        var incidents = book.Incidents();
        var ids = summary.Transitions.Select(t => t.Model).Concat(alerts.Select(a => a.Model)).Concat(incidents.SelectMany(i => i.Models))
            .Distinct(StringComparer.Ordinal);
        var models = new SortedDictionary<string, ModelFacts>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var monitor = sink.Monitors[id];
            var windows = monitor.State.Windows;
            var series = new[] { WindowSpan.OneHour, WindowSpan.OneDay }
                .Select(w => new ModelSeries(w, windows.BucketWidth(w), windows.Series(w, monitor.Definition.QualityMetric))).ToList();
            models[id] = new ModelFacts(monitor.Snapshot(), series, []);
        }
        var facts = new ReportFacts(ReportSubject.Run, name, name, summary, incidents, alerts, sink.Alerts.Told.ToList(), models);
        return new PlainRun(summary, facts);
    }
}
