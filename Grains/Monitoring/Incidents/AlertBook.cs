using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// The fleet's alerts and incidents, in event time. It keeps each alert's latest state and the incidents,
/// and hands each concern to its own part, as Alertmanager splits them: grouping firing alerts into incidents
/// (<see cref="IncidentGrouper"/>), whom to tell (<see cref="IncidentNotifier"/>), the escalation ladder
/// (<see cref="EscalationLadder"/>), silences (<see cref="SilenceList"/>) and milestones
/// (<see cref="IncidentMilestoneRules"/>). A silenced alert still changes state, joins incidents and is listed,
/// but never causes a notification or an escalation; if one is still firing when its silence ends, the owners
/// are told then and the ladder starts then. An alert firing again after its incident closed opens or joins
/// another. The book owns no clock: every call takes the event time of its caller, the fleet clock
/// (<c>FleetAlertsState.Now</c>).
/// </summary>
[GenerateSerializer]
public sealed class AlertBook
{
    [Id(0)] private Dictionary<AlertKey, AlertEntry> _alerts = [];
    /// <summary>Open and closed incidents, oldest first.</summary>
    [Id(1)] private List<Incident> _incidents = [];
    [Id(2)] private SilenceList _silences = new();
    [Id(3)] private int _lastIncident;
    [Id(4)] private AlertBookOptions _options = AlertBookOptions.Default;

    public AlertBook() { }

    public AlertBook(AlertBookOptions options) => _options = options;

    public AlertBookOptions Options => _options;

    /// <summary>Takes new options; they apply from the next call (incidents keep their milestones).</summary>
    public void Configure(AlertBookOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// Records one alert transition (from an <see cref="AlertEvaluator"/>) on the model described by
    /// <paramref name="model"/>, and returns whom to tell because of it: the owners of a new or grown
    /// incident, or everyone told when an incident resolved. Call <see cref="Tick"/> as event time
    /// passes for escalations and ended silences.
    /// </summary>
    public IReadOnlyList<Notification> Apply(AlertTransition transition, ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(model);
        var key = transition.Key;
        if (!_alerts.TryGetValue(key, out var entry)) _alerts[key] = entry = new AlertEntry { Key = key };
        var wasFiring = entry.State == AlertState.Firing;
        entry.State = transition.To;
        entry.Since = transition.At;
        entry.Value = transition.Value;
        entry.Severity = transition.Severity;
        entry.Message = transition.Message;
        entry.Model = model;
        if (transition.ActiveSince is { } active) entry.ActiveSince = active;

        var now = transition.At;
        var notifications = new List<Notification>();
        switch (transition.To)
        {
            case AlertState.Pending:
                entry.ActiveSince = transition.ActiveSince ?? now;
                entry.ClearedSince = null;
                ClearAcknowledgement(entry);
                break;
            case AlertState.Inactive:
                entry.ActiveSince = null;
                break;
            case AlertState.Firing when !wasFiring:
                entry.ClearedSince = null;
                entry.ActiveSince ??= now;
                ClearAcknowledgement(entry);
                var incident = Place(entry, now);
                Due(incident, now, notifications);
                break;
            case AlertState.Resolved:
                entry.ClearedSince = transition.ClearedSince ?? now;
                if (Find(entry.IncidentId) is { IsOpen: true } mine) CloseIfOver(mine, now, notifications);
                break;
        }
        return notifications;
    }

    /// <summary>
    /// Advances event time: returns the escalations that fell due, and the notifications held back by
    /// silences that have since ended. Idempotent for the same <paramref name="now"/>.
    /// </summary>
    public IReadOnlyList<Notification> Tick(DateTimeOffset now)
    {
        var notifications = new List<Notification>();
        foreach (var incident in _incidents)
        {
            if (incident.IsOpen) Due(incident, now, notifications);
        }
        _silences.Prune(now);
        return notifications;
    }

    /// <summary>
    /// Acknowledges the incident a firing alert belongs to: the ladder stops. False when the alert is
    /// unknown or not in an open incident. The first acknowledgement is kept.
    /// </summary>
    public bool Acknowledge(AlertKey alert, string by, DateTimeOffset now) =>
        _alerts.TryGetValue(alert, out var entry) && entry.State == AlertState.Firing
        && Find(entry.IncidentId) is { IsOpen: true } incident && Acknowledge(incident, by, now);

    /// <summary>
    /// Acknowledges every open incident in which <paramref name="model"/> has a firing alert (an operator
    /// acknowledging "this model"); returns how many incidents that was.
    /// </summary>
    public int AcknowledgeModel(string model, string by, DateTimeOffset now)
    {
        var incidents = _alerts.Values
            .Where(a => a.Key.Model == model && a.State == AlertState.Firing)
            .Select(a => Find(a.IncidentId)).OfType<Incident>().Where(i => i.IsOpen).Distinct().ToList();
        foreach (var incident in incidents) Acknowledge(incident, by, now);
        return incidents.Count;
    }

    public bool HasAlerts(string model) => _alerts.Keys.Any(k => k.Model == model);

    /// <summary>
    /// Drops every alert of <paramref name="model"/> (deleted or reset: its alerts describe nothing any more); an open
    /// incident left with no firing alert resolves now. Returns whom to tell of that.
    /// </summary>
    public IReadOnlyList<Notification> Forget(string model, DateTimeOffset now)
    {
        var gone = _alerts.Values.Where(a => a.Key.Model == model).ToList();
        foreach (var entry in gone) _alerts.Remove(entry.Key);
        var notifications = new List<Notification>();
        foreach (var incident in gone.Select(a => Find(a.IncidentId)).OfType<Incident>().Where(i => i.IsOpen).Distinct().ToList())
            CloseIfOver(incident, now, notifications);
        return notifications;
    }

    /// <summary>Acknowledges an open incident (and its alerts): the ladder stops. False when unknown or closed.</summary>
    public bool Acknowledge(string incidentId, string by, DateTimeOffset now) =>
        Find(incidentId) is { IsOpen: true } incident && Acknowledge(incident, by, now);

    /// <summary>
    /// An operator marks an open incident mitigated (impact stopped, e.g. after a rollback or a fallback),
    /// before its alerts have cleared. False when unknown, closed, or already mitigated.
    /// </summary>
    public bool Mitigate(string incidentId, string by, DateTimeOffset now) =>
        Find(incidentId) is { } incident && IncidentMilestoneRules.Mitigate(incident, by, now);

    /// <summary>
    /// Silences the alerts <paramref name="matcher"/> matches from <paramref name="now"/> until
    /// <paramref name="until"/>. Returns the silence, with its id for <see cref="Unsilence"/>.
    /// </summary>
    public Silence Silence(SilenceMatcher matcher, DateTimeOffset until, string by, string reason, DateTimeOffset now) =>
        _silences.Add(matcher, until, by, reason, now);

    /// <summary>Lifts a silence before it expires. False when unknown or no longer in force.</summary>
    public bool Unsilence(string silenceId, string by, DateTimeOffset now) => _silences.Lift(silenceId, by, now);

    /// <summary>Silences in force at <paramref name="now"/> (with <paramref name="includeEnded"/>, the ended ones kept too).</summary>
    public IReadOnlyList<Silence> Silences(DateTimeOffset now, bool includeEnded = false) => _silences.List(now, includeEnded);

    /// <summary>
    /// The alerts that ever left inactive, filtered; firing first, then pending, resolved and inactive, each
    /// by severity (highest first) and age (oldest first). <paramref name="now"/> decides which are silenced.
    /// </summary>
    public IReadOnlyList<AlertView> Alerts(DateTimeOffset now, AlertFilter? filter = null)
    {
        filter ??= new AlertFilter();
        return _alerts.Values
            .Where(a => (filter.State is null || a.State == filter.State)
                && (filter.Model is null || a.Key.Model == filter.Model)
                && (filter.Domain is null || string.Equals(a.Model.Domain, filter.Domain, StringComparison.OrdinalIgnoreCase))
                && (filter.Severity is null || a.Severity == filter.Severity))
            .OrderBy(a => StateOrder(a.State)).ThenByDescending(a => a.Severity).ThenBy(a => a.Since)
            .ThenBy(a => a.Key.Rule, StringComparer.Ordinal).ThenBy(a => a.Key.Model, StringComparer.Ordinal)
            .Select(a => View(a, now))
            .ToList();
    }

    /// <summary>Incidents, newest first: all of them, or only the open (true) or closed (false) ones.</summary>
    public IReadOnlyList<IncidentView> Incidents(bool? open = null) =>
        _incidents.Where(i => open is null || i.IsOpen == open).Reverse().Select(View).ToList();

    public IncidentView? Incident(string id) => Find(id) is { } incident ? View(incident) : null;

    /// <summary>The open incident an alert's latest firing joined, if any.</summary>
    public IncidentView? IncidentOf(AlertKey alert) =>
        _alerts.TryGetValue(alert, out var entry) && Find(entry.IncidentId) is { } incident ? View(incident) : null;

    private Incident Place(AlertEntry entry, DateTimeOffset now)
    {
        var incident = IncidentGrouper.Choose(_incidents.Where(i => i.IsOpen), entry.Model, now, _options.GroupingWindow);
        if (incident is null)
        {
            incident = new Incident { Id = $"INC-{++_lastIncident:D4}", DetectedAt = now, ImpactStartedAt = entry.ActiveSince ?? now };
            _incidents.Add(incident);
        }
        IncidentGrouper.Join(incident, entry.Key, entry.Model);
        entry.IncidentId = incident.Id;
        IncidentMilestoneRules.Joined(incident, entry);
        return incident;
    }

    /// <summary>Tells whom the incident's firing, unsilenced alerts call for now.</summary>
    private void Due(Incident incident, DateTimeOffset now, List<Notification> notifications) =>
        IncidentNotifier.Due(incident, Members(incident).Where(a => a.State == AlertState.Firing && !IsSilenced(a, now)).ToList(),
            now, _options, notifications);

    private void CloseIfOver(Incident incident, DateTimeOffset now, List<Notification> notifications)
    {
        if (!IncidentMilestoneRules.ResolveIfOver(incident, Members(incident).ToList(), now)) return;
        IncidentNotifier.Resolved(incident, now, notifications);
        DropOldIncidents();
    }

    private bool Acknowledge(Incident incident, string by, DateTimeOffset now)
    {
        IncidentMilestoneRules.Acknowledge(incident, Members(incident), by, now);
        return true;
    }

    private static void ClearAcknowledgement(AlertEntry entry)
    {
        entry.AcknowledgedAt = null;
        entry.AcknowledgedBy = null;
    }

    private bool IsSilenced(AlertEntry entry, DateTimeOffset now) => CoveringSilence(entry, now) is not null;

    private Silence? CoveringSilence(AlertEntry entry, DateTimeOffset now) => _silences.Covering(entry.Key, entry.Model.Domain, now);

    private void DropOldIncidents()
    {
        var closed = _incidents.Count(i => !i.IsOpen);
        for (var i = 0; i < _incidents.Count && closed > _options.MaxClosedIncidents; i++)
        {
            if (_incidents[i].IsOpen) continue;
            _incidents.RemoveAt(i--);
            closed--;
        }
    }

    /// <summary>The incident's alerts whose latest firing is in it.</summary>
    private IEnumerable<AlertEntry> Members(Incident incident)
    {
        foreach (var key in incident.Alerts)
        {
            if (_alerts.TryGetValue(key, out var entry) && entry.IncidentId == incident.Id) yield return entry;
        }
    }

    private Incident? Find(string? id) => id is null ? null : _incidents.Find(i => i.Id == id);

    private AlertView View(AlertEntry a, DateTimeOffset now) =>
        new(a.Key.Rule, a.Key.Model, a.State, a.Since, a.Value, a.Severity, a.Message, a.Model, a.ActiveSince,
            a.AcknowledgedBy, a.AcknowledgedAt, CoveringSilence(a, now)?.Id, a.IncidentId);

    private static IncidentView View(Incident i) =>
        new(i.Id, IncidentGrouper.Title(i), i.IsOpen, i.Severity, IncidentGrouper.Cause(i), i.Alerts.ToList(), i.Models.ToList(),
            new IncidentMilestones(i.ImpactStartedAt, i.DetectedAt, i.AcknowledgedAt, i.MitigatedAt, i.ResolvedAt),
            i.AcknowledgedBy, i.MitigatedBy, i.Rung, i.Told.Keys.ToList());

    private static int StateOrder(AlertState state) => state switch
    {
        AlertState.Firing => 0,
        AlertState.Pending => 1,
        AlertState.Resolved => 2,
        _ => 3,
    };
}
