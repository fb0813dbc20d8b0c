using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// How an incident moves through its milestones: impact started (earliest activeSince of its alerts), detected
/// (first firing), acknowledged (by an operator; its firing alerts with it), mitigated (an operator says so, or
/// else when the last of its alerts' conditions cleared), resolved (the last of its alerts resolved).
/// </summary>
public static class IncidentMilestoneRules
{
    /// <summary>A firing alert joined: the incident's severity and impact start take it in; a joiner shares its acknowledgement.</summary>
    public static void Joined(Incident incident, AlertEntry entry)
    {
        if (entry.Severity > incident.Severity) incident.Severity = entry.Severity;
        if (entry.ActiveSince is { } started && started < incident.ImpactStartedAt) incident.ImpactStartedAt = started;
        if (incident.AcknowledgedAt is null) return;
        entry.AcknowledgedBy = incident.AcknowledgedBy;
        entry.AcknowledgedAt = incident.AcknowledgedAt;
    }

    /// <summary>Acknowledges the incident (the first acknowledgement is kept) and its firing alerts.</summary>
    public static void Acknowledge(Incident incident, IEnumerable<AlertEntry> members, string by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("An acknowledgement needs who made it.", nameof(by));
        if (incident.AcknowledgedAt is null)
        {
            incident.AcknowledgedAt = now;
            incident.AcknowledgedBy = by;
        }
        foreach (var entry in members)
        {
            if (entry.State != AlertState.Firing || entry.AcknowledgedAt is not null) continue;
            entry.AcknowledgedAt = incident.AcknowledgedAt;
            entry.AcknowledgedBy = incident.AcknowledgedBy;
        }
    }

    /// <summary>An operator marks an open incident mitigated. False when closed or already mitigated.</summary>
    public static bool Mitigate(Incident incident, string by, DateTimeOffset now)
    {
        if (incident is not { IsOpen: true, MitigatedAt: null }) return false;
        incident.MitigatedAt = now;
        incident.MitigatedBy = by;
        return true;
    }

    /// <summary>Resolves the incident once none of its alerts fires; false while one still does.</summary>
    public static bool ResolveIfOver(Incident incident, IReadOnlyList<AlertEntry> members, DateTimeOffset now)
    {
        if (members.Any(a => a.State == AlertState.Firing)) return false;
        incident.ResolvedAt = now;
        // Without an operator's word, the impact stopped when the last condition cleared, before keep_firing_for ran out.
        incident.MitigatedAt ??= members.Select(a => a.ClearedSince ?? now).DefaultIfEmpty(now).Max();
        return true;
    }
}
