using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// The UTC timeline: injections (runs only), each model's first breach and later level changes, each alert's
/// episode, the incidents' milestones, the pages and every action with who and why. Lines are ordered by time, then
/// kind, then text (ordinal), and numbered E1, E2... after sorting, so the same facts give the same timeline. The same
/// thing happening to many models within a minute (50 alerts becoming active as a shared source fails) is one line
/// naming them, at the first one's time, its evidence holding every one's.
/// </summary>
public static class TimelineBuilder
{
    public static IReadOnlyList<TimelineLine> Build(ReportScope scope)
    {
        var lines = new List<TimelineLine>();
        JournalLines(scope, lines);
        LevelLines(scope, lines);
        AlertLines(scope, lines);
        FiringLines(scope, lines);
        IncidentLines(scope, lines);
        return Grouped(lines)
            .OrderBy(l => l.At).ThenBy(l => l.Kind).ThenBy(l => l.Text, StringComparer.Ordinal)
            .Select((l, i) => l with { Evidence = l.Evidence with { Id = $"E{i + 1}" } })
            .ToList();
    }

    /// <summary>The placeholder a model's id takes in a line's text while lines are grouped.</summary>
    private const string ModelSlot = "\u0001";

    private static void Add(List<TimelineLine> lines, DateTimeOffset at, TimelineKind kind, string text, string source, string evidence, string? model = null) =>
        lines.Add(new TimelineLine(at, kind, text, new Evidence("", source, evidence), model is null ? [] : [model]));

    private static IEnumerable<TimelineLine> Grouped(List<TimelineLine> lines)
    {
        foreach (var line in lines.Where(l => l.Models.Count != 1)) yield return line;
        var groups = lines.Where(l => l.Models.Count == 1)
            .GroupBy(l => (l.Kind, Template: l.Text.Replace(l.Models[0], ModelSlot, StringComparison.Ordinal), l.Evidence.Source,
                Minute: l.At.UtcTicks - l.At.UtcTicks % TimeSpan.TicksPerMinute));
        foreach (var group in groups)
        {
            var members = group.OrderBy(l => l.At).ThenBy(l => l.Models[0], StringComparer.Ordinal).ToList();
            if (members.Count == 1)
            {
                yield return members[0];
                continue;
            }
            var models = members.Select(l => l.Models[0]).Distinct(StringComparer.Ordinal).ToList();
            var named = $"{models.Count} models ({ReportText.Models(models)})";
            yield return new TimelineLine(members[0].At, group.Key.Kind, group.Key.Template.Replace(ModelSlot, named, StringComparison.Ordinal),
                new Evidence("", group.Key.Source, string.Join("; ", members.Select(l => l.Evidence.Text))), models);
        }
    }

    private static void JournalLines(ReportScope scope, List<TimelineLine> lines)
    {
        var source = scope.IsRun ? "run journal" : "audit trail";
        foreach (var e in scope.Journal)
        {
            var entry = $"{ReportText.Time(e.At)} {e.Kind} {e.Target} by {e.By}: {e.Detail}";
            switch (e.Kind)
            {
                case JournalKinds.Injection:
                    Add(lines, e.At, TimelineKind.Injection, $"Injection {e.Target} starts: {e.Detail}", source, entry);
                    break;
                case JournalKinds.InjectionEnded:
                    Add(lines, e.At, TimelineKind.InjectionEnded, $"Injection {e.Target} ends ({e.Detail})", source, entry);
                    break;
                default:
                    Add(lines, e.At, TimelineKind.Action, $"{e.By}: {e.Kind} on {e.Target}, because {e.Detail}", source, entry, e.Target);
                    break;
            }
        }
    }

    private static void LevelLines(ReportScope scope, List<TimelineLine> lines)
    {
        var first = scope.FirstBreaches.ToHashSet();
        foreach (var t in scope.Transitions)
        {
            var evidence = $"{t.Model} level {t.From} -> {t.To} at {ReportText.Time(t.At)}: {t.Reason}";
            var (kind, text) = first.Contains(t) ? (TimelineKind.FirstBreach, $"{t.Model} first breach: level {ReportText.Level(t.From)} -> {ReportText.Level(t.To)}")
                : t.To == 1 ? (TimelineKind.Recovery, $"{t.Model} back at level {ReportText.Level(t.To)}")
                : (TimelineKind.Level, $"{t.Model} level {ReportText.Level(t.From)} -> {ReportText.Level(t.To)}");
            Add(lines, t.At, kind, text, "level history", evidence, t.Model);
        }
    }

    private static void AlertLines(ReportScope scope, List<TimelineLine> lines)
    {
        foreach (var a in scope.RaisedAlerts)
        {
            var evidence = $"{a.Rule} on {a.Model}: {a.State.ToString().ToLowerInvariant()} since {ReportText.Time(a.Since)}"
                + (a.Value is { } v ? $", value {ReportText.Number(v, "0.####")}" : "") + $" ({a.Severity.ToString().ToLowerInvariant()}): {a.Message}";
            if (a.ActiveSince is { } active)
                Add(lines, active, TimelineKind.AlertActive, $"Alert {a.Rule} on {a.Model} becomes active ({a.Severity.ToString().ToLowerInvariant()})", "alert book", evidence, a.Model);
            if (a.State == AlertState.Firing && scope.Facts.Firings is null)
                Add(lines, a.Since, TimelineKind.AlertFiring, $"Alert {a.Rule} on {a.Model} fires", "alert book", evidence, a.Model);
            else if (a.State == AlertState.Resolved)
                Add(lines, a.Since, TimelineKind.AlertResolved, $"Alert {a.Rule} on {a.Model} resolves", "alert book", evidence, a.Model);
        }
    }

    /// <summary>Every firing the run's journal holds, the ones of episodes that have since resolved too.</summary>
    private static void FiringLines(ReportScope scope, List<TimelineLine> lines)
    {
        foreach (var f in scope.Facts.Firings ?? [])
            Add(lines, f.At, TimelineKind.AlertFiring, $"Alert {f.Rule} on {f.Model} fires", "run journal",
                $"{ReportText.Time(f.At)} alert {f.Model}: {f.Rule} fires", f.Model);
    }

    private static void IncidentLines(ReportScope scope, List<TimelineLine> lines)
    {
        var incidents = scope.Facts.Incidents.ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var i in scope.Facts.Incidents)
        {
            var m = i.Milestones;
            var evidence = $"{i.Id} {i.Title}: impact started {ReportText.Time(m.ImpactStarted)}, detected {ReportText.Time(m.Detected)}"
                + (m.Acknowledged is { } ack ? $", acknowledged {ReportText.Time(ack)} by {i.AcknowledgedBy}" : ", never acknowledged")
                + (m.Mitigated is { } mit ? $", mitigated {ReportText.Time(mit)}{(i.MitigatedBy is { } by ? $" by {by}" : " (its alerts' conditions cleared)")}" : "")
                + (m.Resolved is { } res ? $", resolved {ReportText.Time(res)}" : ", still open");
            Add(lines, m.ImpactStarted, TimelineKind.ImpactStarted, $"{i.Id} impact starts ({i.Title})", "incident", evidence);
            var first = i.Alerts.Count > 0 ? $": {i.Alerts[0]} fires first" : "";
            Add(lines, m.Detected, TimelineKind.Detected, $"{i.Id} detected{first}", "incident", evidence);
            if (m.Acknowledged is { } acknowledged)
                Add(lines, acknowledged, TimelineKind.Acknowledged, $"{i.Id} acknowledged by {i.AcknowledgedBy}", "incident", evidence);
            if (m.Mitigated is { } mitigated)
                Add(lines, mitigated, TimelineKind.Mitigated, i.MitigatedBy is { } who ? $"{i.Id} mitigated by {who}" : $"{i.Id} mitigated: the last alert condition cleared", "incident", evidence);
            if (m.Resolved is { } resolved)
                Add(lines, resolved, TimelineKind.Resolved, $"{i.Id} resolved", "incident", evidence);
        }
        foreach (var n in scope.Facts.Notifications.Where(n => incidents.ContainsKey(n.IncidentId)))
        {
            var what = n.Kind switch
            {
                NotificationKind.Notify => n.Severity == AlertSeverity.Page ? "page" : "ticket",
                NotificationKind.Escalate => "escalation page",
                _ => "all-clear",
            };
            Add(lines, n.At, TimelineKind.Page, $"{n.IncidentId} {what} to {string.Join(", ", n.Recipients)} ({ReportText.Rung(n.Rung)})", "notifications",
                $"{ReportText.Time(n.At)} {n.Kind.ToString().ToLowerInvariant()} {n.Severity.ToString().ToLowerInvariant()} to {string.Join(", ", n.Recipients)}: {n.Reason}");
        }
    }
}
