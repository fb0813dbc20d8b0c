using Fleet.Models;
using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// The escalation ladder of an unacknowledged page: its clock starts at the incident's first page; platform
/// on-call is paged after <see cref="AlertBookOptions.ToPlatformOnCall"/>, the lead after
/// <see cref="AlertBookOptions.ToLead"/>. Each rung is stamped at the event time it fell due.
/// </summary>
public static class EscalationLadder
{
    /// <summary>Climbs the rungs that fell due by <paramref name="now"/> for an incident paging at <paramref name="severity"/>.</summary>
    public static void Climb(Incident incident, AlertSeverity severity, DateTimeOffset now, AlertBookOptions options, List<Notification> told)
    {
        if (severity < options.EscalateFrom) return;
        incident.PagedAt ??= now;
        var waited = now - incident.PagedAt.Value;
        Rung(incident, waited, EscalationRung.PlatformOnCall, options.ToPlatformOnCall, options.PlatformOnCall, severity, told);
        Rung(incident, waited, EscalationRung.Lead, options.ToLead, options.Lead, severity, told);
    }

    private static void Rung(Incident incident, TimeSpan waited, EscalationRung rung, TimeSpan after, string who,
        AlertSeverity severity, List<Notification> told)
    {
        if (incident.Rung >= rung || waited < after) return;
        incident.Rung = rung;
        // Someone already paged at this severity (on-call standing in for an ownerless model) is not paged twice.
        if (incident.Told.TryGetValue(who, out var already) && already >= severity) return;
        // Stamped when the rung fell due, not when the clock was next read: a run escalates at the same event
        // time whether its clock moves in 10-second ticks, with every alert change, or with the registry's pushes.
        told.Add(IncidentNotifier.Tell(incident, incident.PagedAt!.Value + after, NotificationKind.Escalate, rung, [who], severity,
            $"{incident.Id} {IncidentGrouper.Title(incident)} unacknowledged for {Durations.Format(after)}: paging {who}"));
    }
}
