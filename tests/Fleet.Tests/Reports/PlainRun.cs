using Fleet.Dashboard.Reports;
using Fleet.Monitoring;
using Fleet.Models;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Snapshots;
using Fleet.Tests.Scenarios;

namespace Fleet.Tests.Reports;

/// <summary>
/// A shipped scenario played on the plain monitors (the same classes the grains run), and the report facts read
/// as <see cref="ReportFactSource"/> reads them: the run from the journal entries it wrote (kept in memory here), the
/// alert book's incidents and notifications, every alert episode from the journal, and each affected model's snapshot
/// and 1h and 24h series. <see cref="Summary"/> is the run's own summary, to check the report against.
/// </summary>
internal sealed record PlainRun(RunSummary Summary, ReportFacts Facts, RunImpact Impact)
{
    /// <summary>The demo is 24 hours of 200 models; its incidents all start in the first 90 minutes.</summary>
    private static readonly TimeSpan DemoHorizon = TimeSpan.FromMinutes(90);

    public static async Task<PlainRun> PlayAsync(string name)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(ShippedScenarioTests.Root(), "scenarios", name + ".yaml"));
        var sink = new MonitorFleetSink();
        var journal = new MemoryJournal();
        var run = new ScenarioRun(scenario, new RunOptions { RunId = name, Until = name == "demo" ? DemoHorizon : null, Recorder = journal }, sink);
        await run.RunAsync(CancellationToken.None);
        run.JournalFigures(); // as the run's silo does when it stops playing
        var summary = run.Summary();
        var status = run.Status("finished");
        var header = new RunListing(name, "scenario", summary.Scenario, summary.Seed, status.State, summary.Start, summary.End, null, 1, summary.Ticks,
            summary.Digest, summary.Start, summary.End, null, summary.Events, summary.Transitions.Count);
        var record = RunRecord.Read(header, status, journal.Entries);
        var book = sink.Alerts.Book;
        var alerts = AlertEpisodes.Read(journal.Entries, book.Alerts(sink.Alerts.Now));
        var incidents = IncidentJournal.Read(journal.Entries, book.Incidents());
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
        var facts = new ReportFacts(ReportSubject.Run, name, name, record, incidents, alerts, sink.Alerts.Told.ToList(), models, CatalogueBuilder.Build(),
            Firings: AlertEpisodes.Firings(journal.Entries));
        return new PlainRun(summary, facts, run.Impact.Snapshot());
    }

    /// <summary>The journal a run writes, kept in memory in the order written (inputs, then each tick's facts).</summary>
    private sealed class MemoryJournal : IRunRecorder
    {
        public List<RunJournalEntry> Entries { get; } = [];

        public Task RecordInputAsync(RunJournalEntry input)
        {
            Entries.Add(input);
            return Task.CompletedTask;
        }

        public void RecordTick(long ticks, DateTimeOffset now, string digest, IReadOnlyList<RunJournalEntry> facts, long dropped) => Entries.AddRange(facts);
    }
}
