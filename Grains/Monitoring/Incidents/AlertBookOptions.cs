using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// How the alert book groups, notifies and escalates; the defaults work, every option is here.
/// </summary>
/// <param name="GroupingWindow">How long after an incident's first firing alert others may join it by a shared
/// data source or domain (10 minutes: an upstream outage reaches its readers within minutes; later failures are
/// more likely a new cause). Alerts on a model already in an open incident always join it.</param>
/// <param name="ToPlatformOnCall">Unacknowledged time, from the incident's first page, before platform on-call is paged (15 minutes).</param>
/// <param name="ToLead">Unacknowledged time, from the incident's first page, before the lead is paged (30 minutes; so 15 minutes after on-call).</param>
/// <param name="PlatformOnCall">Who "platform on-call" is: the second rung, and the first for models without owner or team.</param>
/// <param name="Lead">Who "lead" is: the third and last rung.</param>
/// <param name="NotifyFrom">The least severity that notifies anyone (warning: info alerts are dashboard-only).</param>
/// <param name="EscalateFrom">The least severity that climbs the ladder (page: a warning is a ticket for the owner).</param>
/// <param name="MaxClosedIncidents">Closed incidents kept for queries and postmortems; older ones are dropped first.</param>
[GenerateSerializer, Immutable, Alias("Fleet.AlertBookOptions")]
public sealed record AlertBookOptions(
    [property: Id(0)] TimeSpan GroupingWindow,
    [property: Id(1)] TimeSpan ToPlatformOnCall,
    [property: Id(2)] TimeSpan ToLead,
    [property: Id(3)] string PlatformOnCall = "platform-on-call",
    [property: Id(4)] string Lead = "platform-lead",
    [property: Id(5)] AlertSeverity NotifyFrom = AlertSeverity.Warning,
    [property: Id(6)] AlertSeverity EscalateFrom = AlertSeverity.Page,
    [property: Id(7)] int MaxClosedIncidents = 500)
{
    public static readonly AlertBookOptions Default =
        new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));
}
