using Fleet.Models;
using Fleet.Monitoring.Alerts;

namespace Fleet.Monitoring.Incidents;

/// <summary>
/// The fleet's alerts and incidents, in event time: it takes each model's alert transitions, groups
/// firing alerts into incidents (<see cref="IncidentGrouper"/>), and says who must be told.
/// <list type="bullet">
/// <item>Notifying: when an incident has a firing, unsilenced alert at <see cref="AlertBookOptions.NotifyFrom"/>
/// or above, the owners of those models are told once (a model without owner: its team; without either:
/// platform on-call). A warning is told as a ticket; a page as a page, even to owners told of a warning before.</item>
/// <item>Escalating: a page-severity incident left unacknowledged climbs the ladder, its clock starting at its first
/// page: platform on-call after <see cref="AlertBookOptions.ToPlatformOnCall"/> (15m), the lead after
/// <see cref="AlertBookOptions.ToLead"/> (30m). <see cref="Tick"/> reports the rungs that fall due.</item>
/// <item>Acknowledging an alert acknowledges its incident (the incident is what pages) and stops the ladder;
/// alerts joining an acknowledged incident are acknowledged with it.</item>
/// <item>Silences: a silenced alert still changes state, joins incidents and is listed, but never causes a
/// notification or an escalation. An incident whose firing alerts are all silenced is quiet; if one is still
/// firing when its silence ends, the owners are told then and the ladder starts then.</item>
/// <item>Milestones: impact started (earliest activeSince of its alerts), detected (first firing), acknowledged,
/// mitigated (an operator says so, or else when the last of its alerts' conditions cleared), resolved (the last
/// of its alerts resolved; the incident closes and everyone told hears so). An alert firing again after its
/// incident closed opens or joins another.</item>
/// </list>
/// </summary>
[GenerateSerializer]
public sealed class AlertBook
{
    [Id(0)] private Dictionary<AlertKey, AlertEntry> _alerts = [];
    /// <summary>Open and closed incidents, oldest first.</summary>
    [Id(1)] private List<Incident> _incidents = [];
    [Id(2)] private List<Silence> _silences = [];
    [Id(3)] private int _lastIncident;
    [Id(4)] private int _lastSilence;
    [Id(5)] private AlertBookOptions _options = AlertBookOptions.Default;

    /// <summary>Ended or expired silences kept for the record; older ones are dropped first.</summary>
    public const int MaxEndedSilences = 200;

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
        PruneSilences(now);
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

    /// <summary>Acknowledges an open incident (and its alerts): the ladder stops. False when unknown or closed.</summary>
    public bool Acknowledge(string incidentId, string by, DateTimeOffset now) =>
        Find(incidentId) is { IsOpen: true } incident && Acknowledge(incident, by, now);

    /// <summary>
    /// An operator marks an open incident mitigated (impact stopped, e.g. after a rollback or a fallback),
    /// before its alerts have cleared. False when unknown, closed, or already mitigated.
    /// </summary>
    public bool Mitigate(string incidentId, string by, DateTimeOffset now)
    {
        if (Find(incidentId) is not { IsOpen: true, MitigatedAt: null } incident) return false;
        incident.MitigatedAt = now;
        incident.MitigatedBy = by;
        return true;
    }

    /// <summary>
    /// Silences the alerts <paramref name="matcher"/> matches from <paramref name="now"/> until
    /// <paramref name="until"/>. Returns the silence, with its id for <see cref="Unsilence"/>.
    /// </summary>
    public Silence Silence(SilenceMatcher matcher, DateTimeOffset until, string by, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        if (until <= now) throw new ArgumentException("A silence must end after it starts.", nameof(until));
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("A silence needs who set it.", nameof(by));
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("A silence needs a reason.", nameof(reason));
        var silence = new Silence($"SIL-{++_lastSilence:D4}", matcher, now, until, by, reason);
        _silences.Add(silence);
        return silence;
    }

    /// <summary>Lifts a silence before it expires. False when unknown or no longer in force.</summary>
    public bool Unsilence(string silenceId, string by, DateTimeOffset now)
    {
        var i = _silences.FindIndex(s => s.Id == silenceId);
        if (i < 0 || !_silences[i].IsActive(now)) return false;
        _silences[i] = _silences[i] with { EndedAt = now, EndedBy = by };
        return true;
    }

    /// <summary>Silences in force at <paramref name="now"/> (with <paramref name="includeEnded"/>, the ended ones kept too).</summary>
    public IReadOnlyList<Silence> Silences(DateTimeOffset now, bool includeEnded = false) =>
        _silences.Where(s => includeEnded || s.IsActive(now)).ToList();

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
        if (entry.Severity > incident.Severity) incident.Severity = entry.Severity;
        if (entry.ActiveSince is { } started && started < incident.ImpactStartedAt) incident.ImpactStartedAt = started;
        if (incident.AcknowledgedAt is not null)
        {
            entry.AcknowledgedBy = incident.AcknowledgedBy;
            entry.AcknowledgedAt = incident.AcknowledgedAt;
        }
        return incident;
    }

    /// <summary>Works out whom the incident must tell now, and records that they were told.</summary>
    private void Due(Incident incident, DateTimeOffset now, List<Notification> notifications)
    {
        if (incident.AcknowledgedAt is not null) return;
        var loud = Members(incident).Where(a => a.State == AlertState.Firing && !IsSilenced(a, now)).ToList();
        if (loud.Count == 0) return;
        var severity = loud.Max(a => a.Severity);
        if (severity < _options.NotifyFrom) return;

        var title = IncidentGrouper.Title(incident);
        var owners = loud.Select(a => a.Model.Owner ?? a.Model.Team ?? _options.PlatformOnCall).Distinct(StringComparer.Ordinal).ToList();
        var fresh = owners.Where(o => !incident.Told.TryGetValue(o, out var told) || told < severity).ToList();
        if (fresh.Count > 0)
        {
            var why = string.Join("; ", loud.Where(a => fresh.Contains(a.Model.Owner ?? a.Model.Team ?? _options.PlatformOnCall))
                .Take(3).Select(a => a.Message));
            notifications.Add(Tell(incident, now, NotificationKind.Notify, EscalationRung.Owner, fresh, severity,
                $"{incident.Id} {title} ({Describe(severity)}): {why}{(loud.Count > 3 ? $"; and {loud.Count - 3} more" : "")}"));
            incident.Rung ??= EscalationRung.Owner;
        }

        if (severity < _options.EscalateFrom) return;
        incident.PagedAt ??= now;
        var waited = now - incident.PagedAt.Value;
        Climb(incident, waited, EscalationRung.PlatformOnCall, _options.ToPlatformOnCall, _options.PlatformOnCall, severity, title, notifications);
        Climb(incident, waited, EscalationRung.Lead, _options.ToLead, _options.Lead, severity, title, notifications);
    }

    private static void Climb(Incident incident, TimeSpan waited, EscalationRung rung, TimeSpan after,
        string who, AlertSeverity severity, string title, List<Notification> notifications)
    {
        if (incident.Rung >= rung || waited < after) return;
        incident.Rung = rung;
        // Someone already paged at this severity (on-call standing in for an ownerless model) is not paged twice.
        if (incident.Told.TryGetValue(who, out var told) && told >= severity) return;
        // Stamped when the rung fell due, not when the clock was next read: a run escalates at the same event
        // time whether its clock moves in 10-second ticks, with every alert change, or with the registry's pushes.
        notifications.Add(Tell(incident, incident.PagedAt!.Value + after, NotificationKind.Escalate, rung, [who], severity,
            $"{incident.Id} {title} unacknowledged for {Durations.Format(after)}: paging {who}"));
    }

    private static Notification Tell(Incident incident, DateTimeOffset now, NotificationKind kind, EscalationRung rung,
        IReadOnlyList<string> recipients, AlertSeverity severity, string reason)
    {
        foreach (var r in recipients) incident.Told[r] = severity;
        return new Notification(now, kind, incident.Id, rung, recipients, severity, reason);
    }

    private void CloseIfOver(Incident incident, DateTimeOffset now, List<Notification> notifications)
    {
        var members = Members(incident).ToList();
        if (members.Any(a => a.State == AlertState.Firing)) return;
        incident.ResolvedAt = now;
        // Without an operator's word, the impact stopped when the last condition cleared, before keep_firing_for ran out.
        incident.MitigatedAt ??= members.Select(a => a.ClearedSince ?? now).DefaultIfEmpty(now).Max();
        if (incident.Told.Count > 0)
        {
            var told = incident.Told.Keys.ToList();
            notifications.Add(new Notification(now, NotificationKind.Resolved, incident.Id, incident.Rung ?? EscalationRung.Owner,
                told, incident.Severity, $"{incident.Id} {IncidentGrouper.Title(incident)} resolved: every alert cleared"));
        }
        DropOldIncidents();
    }

    private bool Acknowledge(Incident incident, string by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("An acknowledgement needs who made it.", nameof(by));
        if (incident.AcknowledgedAt is null)
        {
            incident.AcknowledgedAt = now;
            incident.AcknowledgedBy = by;
        }
        foreach (var entry in Members(incident))
        {
            if (entry.State != AlertState.Firing || entry.AcknowledgedAt is not null) continue;
            entry.AcknowledgedAt = incident.AcknowledgedAt;
            entry.AcknowledgedBy = incident.AcknowledgedBy;
        }
        return true;
    }

    private static void ClearAcknowledgement(AlertEntry entry)
    {
        entry.AcknowledgedAt = null;
        entry.AcknowledgedBy = null;
    }

    private bool IsSilenced(AlertEntry entry, DateTimeOffset now) => CoveringSilence(entry, now) is not null;

    private Silence? CoveringSilence(AlertEntry entry, DateTimeOffset now)
    {
        foreach (var s in _silences)
        {
            if (s.Covers(entry.Key, entry.Model.Domain, now)) return s;
        }
        return null;
    }

    private void PruneSilences(DateTimeOffset now)
    {
        var ended = _silences.Count(s => !s.IsActive(now));
        for (var i = 0; i < _silences.Count && ended > MaxEndedSilences; i++)
        {
            if (_silences[i].IsActive(now)) continue;
            _silences.RemoveAt(i--);
            ended--;
        }
    }

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

    private static string Describe(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Page => "page",
        AlertSeverity.Warning => "ticket",
        _ => "info",
    };
}
