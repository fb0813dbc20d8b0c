using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// Firing alerts that share a cause, handled as one: the models, the cause they share, the
/// milestones and who has been told. Mutable state of the <see cref="AlertBook"/>; the outside world
/// reads <see cref="IncidentView"/>.
/// </summary>
[GenerateSerializer]
public sealed class Incident
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public List<AlertKey> Alerts { get; set; } = [];
    /// <summary>Model ids, in the order they joined.</summary>
    [Id(2)] public List<string> Models { get; set; } = [];
    /// <summary>The data sources every model in the incident reads (the intersection so far).</summary>
    [Id(3)] public List<string> CommonSources { get; set; } = [];
    /// <summary>The domain of every model in the incident; null once two domains mix.</summary>
    [Id(4)] public string? CommonDomain { get; set; }
    /// <summary>The highest severity any of its alerts fired with.</summary>
    [Id(5)] public AlertSeverity Severity { get; set; }

    [Id(6)] public DateTimeOffset ImpactStartedAt { get; set; }
    [Id(7)] public DateTimeOffset DetectedAt { get; set; }
    [Id(8)] public DateTimeOffset? AcknowledgedAt { get; set; }
    [Id(9)] public string? AcknowledgedBy { get; set; }
    [Id(10)] public DateTimeOffset? MitigatedAt { get; set; }
    /// <summary>The operator who marked it mitigated; null when its alerts stopping said so.</summary>
    [Id(11)] public string? MitigatedBy { get; set; }
    [Id(12)] public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>When it first paged at an escalating severity: the escalation ladder's clock.</summary>
    [Id(13)] public DateTimeOffset? PagedAt { get; set; }
    /// <summary>The highest rung paged so far; null before anyone was.</summary>
    [Id(14)] public EscalationRung? Rung { get; set; }
    /// <summary>Everyone told so far, with the highest severity they were told at (a warning later raised to a page is told again).</summary>
    [Id(15)] public Dictionary<string, AlertSeverity> Told { get; set; } = [];

    public bool IsOpen => ResolvedAt is null;

    /// <summary>Grouped by a shared cause: more than one model and a data source they all read.</summary>
    public bool SharesSource => Models.Count > 1 && CommonSources.Count > 0;
}
