using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

public enum IncidentCauseKind
{
    /// <summary>One model, alone: no other firing model shares a source or domain with it.</summary>
    Model,
    /// <summary>Several models reading the same data source.</summary>
    DataSource,
    /// <summary>Several models of one domain, with no data source in common.</summary>
    Domain,
}

/// <summary>What the models of an incident share: the model itself, the data source(s) or the domain.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.IncidentCause")]
public sealed record IncidentCause(
    [property: Id(0)] IncidentCauseKind Kind,
    [property: Id(1)] IReadOnlyList<string> Values);

/// <summary>
/// The incident timeline (event time) and the durations drawn from it. Time to detect and to
/// acknowledge run from the milestone before (impact start, detection); time to mitigate and to
/// resolve run from the impact start, as postmortems count them. A duration is null while its
/// milestone has not been reached.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.IncidentMilestones")]
public sealed record IncidentMilestones(
    [property: Id(0)] DateTimeOffset ImpactStarted,
    [property: Id(1)] DateTimeOffset Detected,
    [property: Id(2)] DateTimeOffset? Acknowledged,
    [property: Id(3)] DateTimeOffset? Mitigated,
    [property: Id(4)] DateTimeOffset? Resolved)
{
    /// <summary>Detected - impact started: how long the alerts' <c>for</c> (and the signals' windows) kept it unseen.</summary>
    public TimeSpan TimeToDetect => Detected - ImpactStarted;
    /// <summary>Acknowledged - detected.</summary>
    public TimeSpan? TimeToAcknowledge => Acknowledged - Detected;
    /// <summary>Mitigated - impact started.</summary>
    public TimeSpan? TimeToMitigate => Mitigated - ImpactStarted;
    /// <summary>Resolved - impact started.</summary>
    public TimeSpan? TimeToResolve => Resolved - ImpactStarted;
}

/// <summary>An incident as the API, the dashboard and postmortems see it.</summary>
/// <param name="Told">Everyone notified so far (owners, then the rungs the ladder reached).</param>
[GenerateSerializer, Immutable, Alias("Fleet.IncidentView")]
public sealed record IncidentView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] bool Open,
    [property: Id(3)] AlertSeverity Severity,
    [property: Id(4)] IncidentCause Cause,
    [property: Id(5)] IReadOnlyList<AlertKey> Alerts,
    [property: Id(6)] IReadOnlyList<string> Models,
    [property: Id(7)] IncidentMilestones Milestones,
    [property: Id(8)] string? AcknowledgedBy,
    [property: Id(9)] string? MitigatedBy,
    [property: Id(10)] EscalationRung? Rung,
    [property: Id(11)] IReadOnlyList<string> Told);

/// <summary>An alert as the API and the dashboard see it, with its model, acknowledgement, silence and incident.</summary>
/// <param name="SilencedBy">The id of the silence covering it at the time of the query; null when none does.</param>
[GenerateSerializer, Immutable, Alias("Fleet.AlertView")]
public sealed record AlertView(
    [property: Id(0)] string Rule,
    [property: Id(1)] string Model,
    [property: Id(2)] AlertState State,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] double? Value,
    [property: Id(5)] AlertSeverity Severity,
    [property: Id(6)] string Message,
    [property: Id(7)] ModelInfo ModelInfo,
    [property: Id(8)] DateTimeOffset? ActiveSince,
    [property: Id(9)] string? AcknowledgedBy,
    [property: Id(10)] DateTimeOffset? AcknowledgedAt,
    [property: Id(11)] string? SilencedBy,
    [property: Id(12)] string? IncidentId);

/// <summary>Which alerts to list; every criterion left null matches all (the domain ignoring case).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.AlertFilter")]
public sealed record AlertFilter(
    [property: Id(0)] AlertState? State = null,
    [property: Id(1)] string? Model = null,
    [property: Id(2)] string? Domain = null,
    [property: Id(3)] AlertSeverity? Severity = null);
