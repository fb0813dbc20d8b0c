using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// The alert book as the live page shows it, pushed whole as "alerts" when the book's version moves: open
/// incidents with their pages, the pending and firing alerts (the most urgent first, at most
/// <see cref="AlertBookReader.MaxAlerts"/>), every model with a firing alert (for the overview's badges),
/// and the silences in force. <see cref="Now"/> is the book's event-time clock.
/// </summary>
public sealed record AlertBookMessage(
    long Version, DateTimeOffset Now, IReadOnlyList<IncidentLine> Incidents, IReadOnlyList<AlertView> Alerts, int AlertsTotal,
    IReadOnlyList<FiringModel> FiringModels, IReadOnlyList<Silence> Silences);

/// <summary>An open incident and who was paged about it, rung by rung (oldest first).</summary>
public sealed record IncidentLine(IncidentView Incident, IReadOnlyList<Notification> Pages);

/// <summary>A model with at least one firing alert: how many, and the most urgent severity among them.</summary>
public sealed record FiringModel(string Model, int Firing, AlertSeverity Severity, bool Silenced);

/// <summary>Reads the alert book into an <see cref="AlertBookMessage"/> (for the hub's first answer and the broadcaster's pushes).</summary>
public static class AlertBookReader
{
    /// <summary>A fleet-wide outage can fire hundreds of alerts; the page lists the most urgent and counts the rest.</summary>
    public const int MaxAlerts = 300;

    /// <summary>Pages kept per incident: the ladder has three rungs, re-notifications add a few.</summary>
    public const int MaxPagesPerIncident = 20;

    public static async Task<AlertBookMessage> ReadAsync(IGrainFactory grains, string world)
    {
        var book = grains.AlertBook(world);
        // The version is read first: a change racing the reads below moves it again, and the next tick pushes once more.
        var version = await book.GetVersion();
        var incidents = await book.Incidents(open: true);
        var alerts = (await book.Alerts(null)).Where(a => a.State is AlertState.Pending or AlertState.Firing).ToList();
        var silences = (await book.Silences()).Where(s => s.IsActive(version.Now)).ToList();
        var told = await book.Notifications();
        return Build(version, incidents, alerts, silences, told);
    }

    public static AlertBookMessage Build(
        AlertBookVersion version, IReadOnlyList<IncidentView> incidents, IReadOnlyList<AlertView> active,
        IReadOnlyList<Silence> silences, IReadOnlyList<Notification> told)
    {
        var pages = told.GroupBy(n => n.IncidentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Notification>)g.TakeLast(MaxPagesPerIncident).ToList(), StringComparer.Ordinal);
        var lines = incidents.Where(i => i.Open)
            .OrderByDescending(i => i.Severity).ThenByDescending(i => i.Milestones.Detected)
            .Select(i => new IncidentLine(i, pages.GetValueOrDefault(i.Id) ?? []))
            .ToList();
        var urgentFirst = active
            .OrderByDescending(a => a.State == AlertState.Firing)
            .ThenBy(a => a.SilencedBy is not null)
            .ThenByDescending(a => a.Severity)
            .ThenByDescending(a => a.Since)
            .ThenBy(a => a.Model, StringComparer.Ordinal)
            .ToList();
        var firing = active.Where(a => a.State == AlertState.Firing)
            .GroupBy(a => a.Model, StringComparer.Ordinal)
            .Select(g => new FiringModel(g.Key, g.Count(), g.Max(a => a.Severity), g.All(a => a.SilencedBy is not null)))
            .OrderBy(m => m.Model, StringComparer.Ordinal)
            .ToList();
        return new AlertBookMessage(version.Version, version.Now, lines, urgentFirst.Take(MaxAlerts).ToList(), urgentFirst.Count, firing, silences);
    }
}
