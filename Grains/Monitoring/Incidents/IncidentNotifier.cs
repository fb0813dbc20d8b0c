using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// Who an incident must tell, and the record of whom it told: when it has a firing, unsilenced alert at
/// <see cref="AlertBookOptions.NotifyFrom"/> or above, the owners of those models are told once (a model without
/// owner: its team; without either: platform on-call). A warning is told as a ticket; a page as a page, even to
/// owners told of a warning before. Pages then climb the <see cref="EscalationLadder"/>.
/// </summary>
public static class IncidentNotifier
{
    /// <summary>
    /// Tells whom the incident's <paramref name="loud"/> alerts (firing and not silenced) call for now, unless
    /// the incident is acknowledged, and climbs the ladder for a page.
    /// </summary>
    public static void Due(Incident incident, IReadOnlyList<AlertEntry> loud, DateTimeOffset now, AlertBookOptions options, List<Notification> told)
    {
        if (incident.AcknowledgedAt is not null || loud.Count == 0) return;
        var severity = loud.Max(a => a.Severity);
        if (severity < options.NotifyFrom) return;

        string Owner(AlertEntry a) => a.Model.Owner ?? a.Model.Team ?? options.PlatformOnCall;
        var fresh = loud.Select(Owner).Distinct(StringComparer.Ordinal)
            .Where(o => !incident.Told.TryGetValue(o, out var before) || before < severity).ToList();
        if (fresh.Count > 0)
        {
            var why = string.Join("; ", loud.Where(a => fresh.Contains(Owner(a))).Take(3).Select(a => a.Message));
            told.Add(Tell(incident, now, NotificationKind.Notify, EscalationRung.Owner, fresh, severity,
                $"{incident.Id} {IncidentGrouper.Title(incident)} ({Describe(severity)}): {why}{(loud.Count > 3 ? $"; and {loud.Count - 3} more" : "")}"));
            incident.Rung ??= EscalationRung.Owner;
        }
        EscalationLadder.Climb(incident, severity, now, options, told);
    }

    /// <summary>Everyone the incident told hears that it resolved.</summary>
    public static void Resolved(Incident incident, DateTimeOffset now, List<Notification> told)
    {
        if (incident.Told.Count == 0) return;
        told.Add(new Notification(now, NotificationKind.Resolved, incident.Id, incident.Rung ?? EscalationRung.Owner,
            incident.Told.Keys.ToList(), incident.Severity, $"{incident.Id} {IncidentGrouper.Title(incident)} resolved: every alert cleared"));
    }

    /// <summary>A notification, recording on the incident that its recipients were told at this severity.</summary>
    public static Notification Tell(Incident incident, DateTimeOffset at, NotificationKind kind, EscalationRung rung,
        IReadOnlyList<string> recipients, AlertSeverity severity, string reason)
    {
        foreach (var r in recipients) incident.Told[r] = severity;
        return new Notification(at, kind, incident.Id, rung, recipients, severity, reason);
    }

    private static string Describe(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Page => "page",
        AlertSeverity.Warning => "ticket",
        _ => "info",
    };
}
