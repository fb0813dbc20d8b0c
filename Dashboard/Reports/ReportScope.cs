using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// What the report covers, drawn once from the facts for every section: the level changes and journal entries in
/// scope, the affected models (worst first), the span of time and the timeline with its evidence.
/// For a run, transitions and the journal are its durable journal's (the same as its summary's); for an incident,
/// the models' own level history and audit trail around the incident.
/// </summary>
public sealed class ReportScope
{
    /// <summary>Around an incident, the history read before its impact started and after it resolved.</summary>
    public static readonly TimeSpan IncidentMargin = TimeSpan.FromHours(1);

    public ReportScope(ReportFacts facts)
    {
        Facts = facts;
        Transitions = facts.Run?.Transitions ?? IncidentTransitions(facts);
        Journal = facts.Run?.Journal ?? IncidentActions(facts);
        Affected = AffectedModels();
        Timeline = TimelineBuilder.Build(this);
        From = Timeline.Count > 0 ? Timeline[0].At : facts.Run?.Start ?? DateTimeOffset.UnixEpoch;
        To = Timeline.Count > 0 ? Timeline[^1].At : facts.Run?.End ?? From;
    }

    public ReportFacts Facts { get; }
    public bool IsRun => Facts.Run is not null;
    public IReadOnlyList<RunTransition> Transitions { get; }
    public IReadOnlyList<JournalEntry> Journal { get; }

    /// <summary>Models that left full AI or raised an alert, worst level reached first, then earliest, then by id.</summary>
    public IReadOnlyList<string> Affected { get; }
    public IReadOnlyList<TimelineLine> Timeline { get; }
    public DateTimeOffset From { get; }
    public DateTimeOffset To { get; }

    public IEnumerable<JournalEntry> Injections => Journal.Where(e => e.Kind == JournalKinds.Injection);

    /// <summary>Operators' and the script's actions (not injections, launches or the simulator's own retraining completions).</summary>
    public IEnumerable<JournalEntry> Actions => Journal.Where(e => !JournalKinds.IsInjection(e.Kind) && !JournalKinds.IsSimulated(e.Kind));

    public IEnumerable<AlertView> RaisedAlerts => Facts.Alerts.Where(a => a.ActiveSince is not null || a.State is AlertState.Firing or AlertState.Resolved);

    public int WorstLevel(string model) =>
        Transitions.Where(t => t.Model == model).Select(t => t.To).DefaultIfEmpty(1).Max();

    /// <summary>Each model's first move down the ladder: its first breach.</summary>
    public IEnumerable<RunTransition> FirstBreaches =>
        Transitions.Where(t => t.To > t.From).GroupBy(t => t.Model).Select(g => g.MinBy(t => t.At)!);

    private List<string> AffectedModels()
    {
        var models = Transitions.Where(t => t.To > 1).Select(t => t.Model)
            .Concat(RaisedAlerts.Select(a => a.Model))
            .Concat(Facts.Incidents.SelectMany(i => i.Models))
            .Distinct(StringComparer.Ordinal);
        return models
            .Select(m => (Model: m, Worst: WorstLevel(m), First: Transitions.Where(t => t.Model == m && t.To > t.From).Select(t => (DateTimeOffset?)t.At).Min()))
            .OrderByDescending(m => m.Worst).ThenBy(m => m.First ?? DateTimeOffset.MaxValue).ThenBy(m => m.Model, StringComparer.Ordinal)
            .Select(m => m.Model).ToList();
    }

    private static List<RunTransition> IncidentTransitions(ReportFacts facts)
    {
        var (from, to) = IncidentSpan(facts);
        return facts.Models.OrderBy(m => m.Key, StringComparer.Ordinal)
            .SelectMany(m => m.Value.Snapshot.History.Select(h => new RunTransition(m.Key, (int)h.From, (int)h.To, h.At, h.Reason)))
            .Where(t => t.At >= from && t.At <= to)
            .OrderBy(t => t.At).ThenBy(t => t.Model, StringComparer.Ordinal).ToList();
    }

    private static List<JournalEntry> IncidentActions(ReportFacts facts)
    {
        var (from, to) = IncidentSpan(facts);
        return facts.Models.OrderBy(m => m.Key, StringComparer.Ordinal)
            .SelectMany(m => m.Value.Actions.Select(a => new JournalEntry(a.At, a.Action, m.Key, a.By, string.IsNullOrEmpty(a.Effect) ? a.Reason : $"{a.Reason} ({a.Effect})")))
            .Where(e => e.At >= from && e.At <= to)
            .OrderBy(e => e.At).ThenBy(e => e.Target, StringComparer.Ordinal).ToList();
    }

    private static (DateTimeOffset From, DateTimeOffset To) IncidentSpan(ReportFacts facts)
    {
        if (facts.Incidents.Count == 0) return (DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var from = facts.Incidents.Min(i => i.Milestones.ImpactStarted) - IncidentMargin;
        var to = facts.Incidents.Any(i => i.Milestones.Resolved is null) ? DateTimeOffset.MaxValue
            : facts.Incidents.Max(i => i.Milestones.Resolved!.Value) + IncidentMargin;
        return (from, to);
    }
}
