using Fleet.Dashboard.Reports;
using Fleet.Monitoring;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using static Fleet.Tests.Reports.ReportAssertions;

namespace Fleet.Tests.Reports.FromJournal;

/// <summary>A run's alerts are read from its journal's alert facts: every episode of an alert, not only the book's latest state.</summary>
public sealed class AlertEpisodeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static RunJournalEntry Fact(int minute, string kind, string target, string detail) =>
        new(RunJournalEntry.PositionOf(minute, 0), minute, T0.AddMinutes(minute), kind, target, kind == "alert" ? "monitor" : "scenario",
            kind == "alert" ? "monitor" : "run", detail);

    private static RunJournalEntry Alert(int minute, string change, string model = "fraud-001") => Fact(minute, "alert", model, $"error-rate: {change}");

    /// <summary>fraud-001's error-rate fires, resolves and fires again; fraud-002's goes pending and clears without firing.</summary>
    private static readonly RunJournalEntry[] Journal =
    [
        Fact(0, "injection", "outage", "error spike on fraud-001"),
        Alert(1, "Inactive -> Pending"), Alert(3, "Pending -> Firing"), Alert(10, "Firing -> Resolved"),
        Alert(20, "Resolved -> Pending"), Alert(22, "Pending -> Firing"),
        Alert(30, "Inactive -> Pending", "fraud-002"), Alert(31, "Pending -> Inactive", "fraud-002"),
    ];

    /// <summary>What the alert book keeps of fraud-001's alert at the end: its latest episode only.</summary>
    private static readonly AlertView Book = new("error-rate", "fraud-001", AlertState.Firing, T0.AddMinutes(22), 0.2, AlertSeverity.Page,
        "error rate 0.2 > 0.05", new ModelInfo("fraud-001", "fraud", "ana", "risk", []), T0.AddMinutes(20), null, null, null, null);

    [Fact]
    public void Each_episode_is_read_with_its_active_time_and_end_state_and_the_book_s_severity()
    {
        var episodes = AlertEpisodes.Read(Journal, [Book]);

        Assert.Equal(
            [
                ("fraud-001", AlertState.Resolved, (DateTimeOffset?)T0.AddMinutes(1), T0.AddMinutes(10), AlertSeverity.Page),
                ("fraud-001", AlertState.Firing, T0.AddMinutes(20), T0.AddMinutes(22), AlertSeverity.Page),
                ("fraud-002", AlertState.Inactive, null, T0.AddMinutes(31), AlertSeverity.Warning),
            ],
            episodes.Select(e => (e.Model, e.State, e.ActiveSince, e.Since, e.Severity)));
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(22)], AlertEpisodes.Firings(Journal).Select(f => f.At));
    }

    [Fact]
    public void The_run_s_report_shows_every_episode_of_an_alert_that_fired_twice()
    {
        var run = RunRecord.Read(
            new RunListing("r1", "scenario", "outage", 7, "finished", T0, T0.AddMinutes(40), null, 1, 40, "d", T0, T0.AddMinutes(40), null, 0, 0),
            null, Journal);
        var facts = new ReportFacts(ReportSubject.Run, "r1", "r1", run, [], AlertEpisodes.Read(Journal, [Book]), [],
            new Dictionary<string, ModelFacts>(), CatalogueBuilder.Build(), Firings: AlertEpisodes.Firings(Journal));

        var report = PostmortemBuilder.Build(facts);
        var alertLines = TimelineOf(report).Where(l => l.Text.StartsWith("Alert error-rate on fraud-001 ", StringComparison.Ordinal))
            .Select(l => (l.Kind, l.At)).ToList();

        Assert.Equal(
            [
                (TimelineKind.AlertActive, T0.AddMinutes(1)), (TimelineKind.AlertFiring, T0.AddMinutes(3)), (TimelineKind.AlertResolved, T0.AddMinutes(10)),
                (TimelineKind.AlertActive, T0.AddMinutes(20)), (TimelineKind.AlertFiring, T0.AddMinutes(22)),
            ],
            alertLines);
        Assert.DoesNotContain(TimelineOf(report), l => l.Text.Contains("fraud-002", StringComparison.Ordinal)); // pending, never active for anyone
        var markdown = MarkdownReport.Render(report);
        Assert.Equal(2, Figure(markdown, "alerts raised"));
        Assert.Equal(2, Figure(markdown, "alerts that paged"));
    }
}
