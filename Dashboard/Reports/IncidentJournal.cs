using System.Globalization;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// A run's incident milestones as its journal holds them: each incident fact ("opened: detected T: title",
/// "acknowledged: T", "mitigated: T", "resolved: T"; T to the second, who in its author) read over the alert book's view
/// of the same incident. Where the journal has a milestone it is the journal's (the book's own time is kept only when
/// it is the same second, for its precision), and so is who acknowledged; where it has none, the book's stands. Who
/// mitigated stays the book's (the journal names "operator" when the alerts' conditions cleared), and notifications,
/// which are not journaled, are the book's.
/// </summary>
public static class IncidentJournal
{
    public static IReadOnlyList<IncidentView> Read(IReadOnlyList<RunJournalEntry> entries, IReadOnlyList<IncidentView> book)
    {
        var facts = entries.Where(e => e.Input is null && e.Kind == "incident").ToLookup(e => e.Target, StringComparer.Ordinal);
        return [.. book.Select(incident => facts.Contains(incident.Id) ? Apply(incident, facts[incident.Id]) : incident)];
    }

    private static IncidentView Apply(IncidentView incident, IEnumerable<RunJournalEntry> facts)
    {
        var m = incident.Milestones;
        var acknowledgedBy = incident.AcknowledgedBy;
        foreach (var e in facts)
        {
            var colon = e.Detail.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            var (what, rest) = (e.Detail[..colon], e.Detail[(colon + 2)..]);
            if (what == "opened" && rest.StartsWith("detected ", StringComparison.Ordinal) && Time(rest["detected ".Length..].Split(": ", 2)[0]) is { } detected)
                m = m with { Detected = Keep(m.Detected, detected) };
            else if (Time(rest) is not { } at) continue;
            else if (what == "acknowledged")
            {
                m = m with { Acknowledged = Keep(m.Acknowledged, at) };
                acknowledgedBy = e.By;
            }
            else if (what == "mitigated") m = m with { Mitigated = Keep(m.Mitigated, at) };
            else if (what == "resolved") m = m with { Resolved = Keep(m.Resolved, at) };
        }
        return incident with { Milestones = m, AcknowledgedBy = acknowledgedBy, Open = m.Resolved is null };
    }

    /// <summary>The journal's time, unless the book holds the same second more precisely.</summary>
    private static DateTimeOffset Keep(DateTimeOffset? book, DateTimeOffset journal) =>
        book is { } b && b.UtcTicks - b.UtcTicks % TimeSpan.TicksPerSecond == journal.UtcTicks ? b : journal;

    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParseExact(text, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;
}
