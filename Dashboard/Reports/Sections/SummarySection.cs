namespace Fleet.Dashboard.Reports.Sections;

/// <summary>The one-paragraph summary: what happened, how far it went, how it was caught and how it ended.</summary>
public static class SummarySection
{
    public const string Id = "summary";

    public static ReportSection Build(ReportScope scope) =>
        new(Id, "Summary", [new Paragraph(scope.Facts.Run is { } run ? RunText(scope, run) : IncidentText(scope))]);

    private static string RunText(ReportScope scope, RunRecord run)
    {
        var injections = scope.Injections.Select(e => e.Target).Distinct(StringComparer.Ordinal).ToList();
        var worst = scope.Transitions.Select(t => t.To).DefaultIfEmpty(1).Max();
        var degradedAtEnd = run.FinalLevels.Count(l => l.Value > 1);
        var detection = scope.Facts.Incidents.Count == 0 ? "No incident was opened."
            : $"The monitor opened {scope.Facts.Incidents.Count} incident(s); the first was detected {ReportText.Duration(FirstIncident(scope).Milestones.TimeToDetect)} after its impact started.";
        return $"Run {scope.Facts.Id} played scenario {run.Scenario} (seed {run.Seed}) on {(run.Models is { } models ? ReportText.Count(models) : "its")} models from {ReportText.Time(run.Start)} to {ReportText.Time(run.End)} "
            + $"({ReportText.Duration(run.End - run.Start)} of event time). {injections.Count} injection(s) ({string.Join(", ", injections)}) "
            + $"took {scope.Affected.Count} model(s) off full AI or raised their alerts; the worst level reached was {ReportText.Level(worst)}. "
            + $"{detection} {scope.Actions.Count()} action(s) were taken. "
            + (degradedAtEnd == 0 ? "Every model was back at full AI at the end." : $"{degradedAtEnd} model(s) were not at full AI at the end.");
    }

    private static string IncidentText(ReportScope scope)
    {
        var i = scope.Facts.Incidents[0];
        var m = i.Milestones;
        var first = i.Alerts.Count > 0 ? $" when {i.Alerts[0]} fired" : "";
        var ack = m.Acknowledged is { } a ? $"acknowledged by {i.AcknowledgedBy} {ReportText.Duration(a - m.Detected)} later" : "never acknowledged";
        var end = m.Resolved is { } r ? $"It resolved {ReportText.Duration(r - m.ImpactStarted)} after the impact started." : "It is still open.";
        return $"{i.Id}, {i.Title} ({i.Severity.ToString().ToLowerInvariant()}), covered {i.Models.Count} model(s): {ReportText.Models(i.Models)}. "
            + $"Impact started at {ReportText.Time(m.ImpactStarted)} and was detected {ReportText.Duration(m.TimeToDetect)} later{first}; it was {ack}. {end}";
    }

    private static Fleet.Monitoring.Incidents.IncidentView FirstIncident(ReportScope scope) =>
        scope.Facts.Incidents.OrderBy(i => i.Milestones.ImpactStarted).ThenBy(i => i.Id, StringComparer.Ordinal).First();
}
