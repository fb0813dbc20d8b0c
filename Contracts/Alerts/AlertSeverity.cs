namespace Fleet.Monitoring.Alerts;

/// <summary>How urgently an alert wants a human: the order matters (a page outranks a warning).</summary>
public enum AlertSeverity
{
    /// <summary>Shown on the dashboard only; nobody is notified.</summary>
    Info = 0,
    /// <summary>A ticket: the model's owner is notified once; nobody is woken up or escalated to.</summary>
    Warning = 1,
    /// <summary>Someone must act now: the owner is paged and, unacknowledged, the escalation ladder climbs.</summary>
    Page = 2,
}
