using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

public enum NotificationKind
{
    /// <summary>An incident (or a model newly in it) needs its owners: a page or a ticket, by <see cref="Notification.Severity"/>.</summary>
    Notify,
    /// <summary>Nobody acknowledged in time: the next rung of the ladder is paged.</summary>
    Escalate,
    /// <summary>Every alert of the incident resolved: everyone who was told is told it is over.</summary>
    Resolved,
}

/// <summary>Who is told what about an incident, when (event time), and why; the caller delivers it.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Notification")]
public sealed record Notification(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] string IncidentId,
    [property: Id(3)] EscalationRung Rung,
    [property: Id(4)] IReadOnlyList<string> Recipients,
    [property: Id(5)] AlertSeverity Severity,
    [property: Id(6)] string Reason);
