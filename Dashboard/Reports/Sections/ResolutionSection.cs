using Fleet.Monitoring.Incidents;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Resolution, and what went well and badly as the milestones and levels show it (what was lucky needs a human:
/// the draft leaves it for the review).
/// </summary>
public static class ResolutionSection
{
    public const string Id = "resolution";

    /// <summary>Detection or acknowledgement within this went well.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromMinutes(15);

    public static ReportSection Build(ReportScope scope)
    {
        var incidents = scope.Facts.Incidents.OrderBy(i => i.Milestones.ImpactStarted).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var resolution = incidents.Select(Resolution).ToList();
        if (resolution.Count == 0) resolution.Add("No incident to resolve.");
        var well = new List<string>();
        var badly = new List<string>();
        foreach (var i in incidents)
        {
            var m = i.Milestones;
            (m.TimeToDetect <= Prompt ? well : badly).Add($"{i.Id} detected in {ReportText.Duration(m.TimeToDetect)}.");
            if (m.TimeToAcknowledge is { } ack) (ack <= Prompt ? well : badly).Add($"{i.Id} acknowledged {ReportText.Duration(ack)} after detection by {i.AcknowledgedBy}.");
            else if (i.Told.Count > 0) badly.Add($"{i.Id} was never acknowledged{(i.Rung is { } r && r > EscalationRung.Owner ? $"; the ladder climbed to {r}" : "")}.");
        }
        var recovered = scope.Affected.Where(m => scope.Transitions.Where(t => t.Model == m).OrderBy(t => t.At).LastOrDefault() is { To: 1 }).Count();
        if (scope.Affected.Count > 0)
            (recovered == scope.Affected.Count ? well : badly).Add($"{recovered} of {scope.Affected.Count} affected model(s) ended back at full AI.");
        return new ReportSection(Id, "Resolution",
        [
            new Bullets(resolution),
            new Paragraph("What went well:"), new Bullets(well.Count > 0 ? well : ["Nothing stands out in the evidence."]),
            new Paragraph("What went badly:"), new Bullets(badly.Count > 0 ? badly : ["Nothing stands out in the evidence."]),
            new Paragraph("Where we were lucky: for the review to fill in."),
        ]);
    }

    private static string Resolution(IncidentView i)
    {
        var m = i.Milestones;
        var mitigated = m.Mitigated is { } at
            ? $"mitigated at {ReportText.Time(at)} ({ReportText.Duration(at - m.ImpactStarted)} after impact){(i.MitigatedBy is { } by ? $" by {by}" : ", when its alerts' conditions cleared")}"
            : "not mitigated";
        var resolved = m.Resolved is { } r ? $"resolved at {ReportText.Time(r)} ({ReportText.Duration(r - m.ImpactStarted)} after impact)" : "still open";
        return $"{i.Id}: {mitigated}; {resolved}.";
    }
}
