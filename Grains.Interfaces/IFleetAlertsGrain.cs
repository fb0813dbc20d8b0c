using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet;

/// <summary>
/// The alert book of one world (keyed by the world, <see cref="World"/>): every model's alert changes land here, are
/// grouped into incidents, escalated, acknowledged and silenced. Its clock is event time: the newest
/// time any model of the world reported. Every change is written through before the call returns; changes that arrive
/// together share one write of the book.
/// </summary>
[Alias("Fleet.IFleetAlertsGrain")]
public interface IFleetAlertsGrain : IGrainWithStringKey
{
    /// <summary>
    /// The book's version (it moves on every change: alert transitions, acknowledgements, mitigations, silences) and
    /// its event-time clock: one cheap call that lets the dashboard push the book only when it changed.
    /// </summary>
    [Alias("GetVersion")]
    Task<AlertBookVersion> GetVersion();

    [Alias("Apply")]
    Task Apply(IReadOnlyList<AlertTransition> transitions, ModelInfo model);

    /// <summary>
    /// Moves the book's event-time clock forward (never back) to <paramref name="now"/>, the newest event
    /// time seen in the fleet: escalations that fell due and silences that ended take effect though no
    /// alert changed. Returns whom that told.
    /// </summary>
    [Alias("Advance")]
    Task<IReadOnlyList<Notification>> Advance(DateTimeOffset now);

    /// <summary>The book's event-time clock: the newest time it has heard of.</summary>
    [Alias("Clock")]
    Task<DateTimeOffset> Clock();

    [Alias("Alerts")]
    Task<IReadOnlyList<AlertView>> Alerts(AlertFilter? filter);

    [Alias("Incidents")]
    Task<IReadOnlyList<IncidentView>> Incidents(bool? open);

    /// <summary>Acknowledges an incident (its id) or an alert ("rule/model"); false when there is none such.</summary>
    /// <summary>Drops the alerts of a deleted or reset model; incidents left with no firing alert resolve.</summary>
    [Alias("ForgetModel")]
    Task ForgetModel(string model);

    [Alias("Acknowledge")]
    Task<bool> Acknowledge(string target, string by);

    /// <summary>Acknowledges every open incident in which the model has a firing alert; returns how many.</summary>
    [Alias("AcknowledgeModel")]
    Task<int> AcknowledgeModel(string model, string by);

    [Alias("Mitigate")]
    Task<bool> Mitigate(string incidentId, string by);

    [Alias("Silence")]
    Task<Silence> Silence(SilenceMatcher matcher, TimeSpan duration, string by, string reason);

    [Alias("Unsilence")]
    Task<bool> Unsilence(string silenceId, string by);

    [Alias("Silences")]
    Task<IReadOnlyList<Silence>> Silences();

    /// <summary>Who was told what, newest last (the escalation trail).</summary>
    [Alias("Notifications")]
    Task<IReadOnlyList<Notification>> Notifications();

    /// <summary>
    /// Empties the book (alerts, incidents, silences, notifications) and sets its clock back to the start, for a run
    /// that plays its world again from the beginning (a run resumed after a restart). The version still moves forward.
    /// </summary>
    [Alias("Clear")]
    Task Clear();
}
