using Fleet.Dashboard.Reports;
using Fleet.Monitoring;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using static Fleet.Tests.Reports.ReportAssertions;

namespace Fleet.Tests.Reports.FromJournal;

/// <summary>A run's incident milestones are read from its journal's incident facts where it has them, over the alert book's view.</summary>
public sealed class IncidentJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static RunJournalEntry Incident(int minute, string by, string detail) =>
        new(RunJournalEntry.PositionOf(minute, 0), minute, T0.AddMinutes(minute), "incident", "INC-0001", by, "monitor", detail);

    /// <summary>Opened (detected at 2m), acknowledged by dana at 5m, resolved at 30m; no mitigation journaled.</summary>
    private static readonly RunJournalEntry[] Journal =
    [
        Incident(2, "monitor", $"opened: detected {T0.AddMinutes(2):u}: fraud-001 pages"),
        Incident(5, "dana", $"acknowledged: {T0.AddMinutes(5):u}"),
        Incident(30, "monitor", $"resolved: {T0.AddMinutes(30):u}"),
    ];

    /// <summary>
    /// What the book says of it: detected in the same second (more precisely), mitigated at 20m by the alerts clearing, and
    /// neither acknowledged nor resolved (say the book was reset or acted on after the run).
    /// </summary>
    private static readonly IncidentView Book = new("INC-0001", "fraud-001 pages", true, AlertSeverity.Page,
        new IncidentCause(IncidentCauseKind.Model, ["fraud-001"]), [new AlertKey("error-rate", "fraud-001")], ["fraud-001"],
        new IncidentMilestones(T0.AddMinutes(1), T0.AddMinutes(2).AddMilliseconds(250), null, T0.AddMinutes(20), null), null, null, null, []);

    [Fact]
    public void Milestones_the_journal_holds_are_the_journal_s_and_the_rest_the_book_s()
    {
        var incident = Assert.Single(IncidentJournal.Read(Journal, [Book]));

        Assert.Equal(new IncidentMilestones(T0.AddMinutes(1), T0.AddMinutes(2).AddMilliseconds(250), T0.AddMinutes(5), T0.AddMinutes(20), T0.AddMinutes(30)),
            incident.Milestones);
        Assert.Equal("dana", incident.AcknowledgedBy);
        Assert.False(incident.Open);
        Assert.Null(incident.MitigatedBy);
        Assert.Equal(Book, Assert.Single(IncidentJournal.Read([], [Book]))); // no journal fact: the book's view
    }

    [Fact]
    public void The_run_s_report_shows_the_acknowledgement_and_resolution_only_the_journal_holds()
    {
        var run = RunRecord.Read(
            new RunListing("r1", "scenario", "outage", 7, "finished", T0, T0.AddMinutes(40), null, 1, 40, "d", T0, T0.AddMinutes(40), null, 0, 0),
            null, Journal);
        var facts = new ReportFacts(ReportSubject.Run, "r1", "r1", run, IncidentJournal.Read(Journal, [Book]), [], [], new Dictionary<string, ModelFacts>(), CatalogueBuilder.Build());

        var report = PostmortemBuilder.Build(facts);
        var lines = TimelineOf(report).Where(l => l.Text.StartsWith("INC-0001 ", StringComparison.Ordinal)).Select(l => (l.Kind, l.At, l.Text)).ToList();
        Assert.Contains((TimelineKind.Acknowledged, T0.AddMinutes(5), "INC-0001 acknowledged by dana"), lines);
        Assert.Contains((TimelineKind.Resolved, T0.AddMinutes(30), "INC-0001 resolved"), lines);
        Assert.Contains((TimelineKind.Mitigated, T0.AddMinutes(20), "INC-0001 mitigated: the last alert condition cleared"), lines);
        Assert.Contains($"| INC-0001 | {new AlertKey("error-rate", "fraud-001")} | 1m | 2m 59s |", MarkdownReport.Render(report));
    }
}
