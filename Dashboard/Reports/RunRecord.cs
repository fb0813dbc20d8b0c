using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// A run as its durable journal holds it, for a report: the header's figures and the facts of its ticks (level changes,
/// injections, actions with who, from where and why). <see cref="Events"/> and <see cref="Models"/> are known only while
/// the run is kept on this silo, else the figures it journaled when it stopped playing (<see cref="RunFigures"/>); null
/// when neither (a run cut off by a crash). <see cref="Truth"/>, the simulator's count of what was served and to how many
/// users, is read only from the fact journaled when the run stopped playing: a report of a playing run (an exercise team's)
/// tells nobody its hidden impact.
/// </summary>
public sealed record RunRecord(
    string Scenario, int Seed, DateTimeOffset Start, DateTimeOffset End, long Ticks, string Digest, long? Events, int? Models,
    IReadOnlyList<RunTransition> Transitions, IReadOnlyList<JournalEntry> Journal, RunTruth? Truth = null)
{
    /// <summary>Each model that moved, at the last level the journal shows it at (a model that never moved stayed at full AI).</summary>
    public IReadOnlyDictionary<string, int> FinalLevels { get; } = Transitions.GroupBy(t => t.Model, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().To, StringComparer.Ordinal);

    /// <summary>
    /// Reads a run's header and journal entries (in position order). Inputs are left out: each applied input is also a
    /// fact of the tick it applied at, with its outcome; a manual injection's
    /// start and end name who injected it. An entry's origin (api, cli, page, scenario) joins its detail.
    /// </summary>
    public static RunRecord Read(RunListing header, RunStatus? live, IReadOnlyList<RunJournalEntry> entries)
    {
        var facts = entries.Where(e => e.Input is null).ToList();
        var figures = facts.LastOrDefault(e => e.Kind == RunFigures.Kind) is { } last ? RunFigures.Parse(last.Detail) : null;
        var truth = facts.LastOrDefault(e => e.Kind == RunTruth.Kind) is { } told ? RunTruth.Parse(told.Detail) : null;
        var transitions = facts.Where(e => e.Kind == JournalKinds.Level).Select(Transition).OfType<RunTransition>().ToList();
        var injected = ManualInjections(entries);
        // The monitor's own facts (level, alert, incident) are read elsewhere: the journal of a report is the run's and operators'.
        var journal = facts.Where(e => e.From != "monitor" && e.Kind is not (RunFigures.Kind or RunTruth.Kind))
            .Select(e => JournalKinds.IsInjection(e.Kind) && injected.GetValueOrDefault(e.Target) is { } input ? e with { By = input.By, From = input.From } : e)
            .Select(e => new JournalEntry(e.At, e.Kind, e.Target, e.By, e.From == "run" ? e.Detail : $"{e.Detail} (from {e.From})"))
            .ToList();
        return new RunRecord(header.Scenario, header.Seed, header.Start, live?.Now ?? header.Now, live?.Ticks ?? header.Ticks,
            live?.Digest ?? header.Digest, live?.Events ?? figures?.Events, live?.Models ?? figures?.Models, transitions, journal, truth);
    }

    /// <summary>
    /// The input behind each manual injection: the run names them manual-1, manual-2... in the order their inputs apply
    /// (position order), while the fact of its start names the scenario as its author.
    /// </summary>
    private static Dictionary<string, RunJournalEntry> ManualInjections(IReadOnlyList<RunJournalEntry> entries) =>
        entries.Where(e => e.Input is not null && e.Kind == JournalKinds.Inject)
            .Select((e, i) => (Name: $"manual-{i + 1}", Input: e))
            .ToDictionary(p => p.Name, p => p.Input, StringComparer.Ordinal);

    /// <summary>A level fact's detail is "from -> to: reason".</summary>
    private static RunTransition? Transition(RunJournalEntry e)
    {
        var colon = e.Detail.IndexOf(": ", StringComparison.Ordinal);
        var levels = (colon < 0 ? e.Detail : e.Detail[..colon]).Split(" -> ");
        if (levels.Length != 2 || !int.TryParse(levels[0], out var from) || !int.TryParse(levels[1], out var to)) return null;
        return new RunTransition(e.Target, from, to, e.At, colon < 0 ? "" : e.Detail[(colon + 2)..]);
    }
}

/// <summary>One time an alert went to firing, as the run's journal holds it.</summary>
public sealed record AlertFiring(string Rule, string Model, DateTimeOffset At);

/// <summary>
/// Every episode of every alert of a run, from the journal's alert facts ("rule: From -> To"): an alert that fired,
/// resolved and fired again is two episodes, where the alert book keeps only its latest state. Severity and message
/// are the book's for that alert (the fact does not carry them).
/// </summary>
public static class AlertEpisodes
{
    /// <summary>Each episode as the book would show it at its end (its state, since when, and when it became active).</summary>
    public static IReadOnlyList<AlertView> Read(IReadOnlyList<RunJournalEntry> entries, IReadOnlyList<AlertView> book)
    {
        var known = book.GroupBy(a => (a.Rule, a.Model)).ToDictionary(g => g.Key, g => g.First());
        var open = new Dictionary<(string Rule, string Model), int>();
        var episodes = new List<AlertView>();
        foreach (var e in entries.Where(e => e.Input is null && e.Kind == JournalKinds.Alert))
        {
            if (Change(e.Detail) is not { } change) continue;
            var (rule, _, to) = change;
            var key = (rule, e.Target);
            if (!open.TryGetValue(key, out var index))
            {
                var template = known.GetValueOrDefault(key);
                episodes.Add(new AlertView(rule, e.Target, to, e.At, null, template?.Severity ?? AlertSeverity.Warning, template?.Message ?? "",
                    template?.ModelInfo ?? new ModelInfo(e.Target, "", null, null, []), e.At, null, null, null, null));
                open[key] = index = episodes.Count - 1;
            }
            // An alert back to inactive (a pending one whose condition cleared) has no active time, as in the book.
            episodes[index] = episodes[index] with { State = to, Since = e.At, ActiveSince = to == AlertState.Inactive ? null : episodes[index].ActiveSince };
            if (to is AlertState.Resolved or AlertState.Inactive) open.Remove(key);
        }
        return episodes;
    }

    /// <summary>Every time an alert fired, in journal order: the firing of an episode that has since resolved is kept too.</summary>
    public static IReadOnlyList<AlertFiring> Firings(IReadOnlyList<RunJournalEntry> entries) =>
        entries.Where(e => e.Input is null && e.Kind == JournalKinds.Alert)
            .Select(e => (Entry: e, Change: Change(e.Detail)))
            .Where(c => c.Change is { To: AlertState.Firing, From: not AlertState.Firing })
            .Select(c => new AlertFiring(c.Change!.Value.Rule, c.Entry.Target, c.Entry.At))
            .ToList();

    private static (string Rule, AlertState From, AlertState To)? Change(string detail)
    {
        var colon = detail.LastIndexOf(": ", StringComparison.Ordinal);
        if (colon < 0) return null;
        var states = detail[(colon + 2)..].Split(" -> ");
        return states.Length == 2 && Enum.TryParse<AlertState>(states[0], out var from) && Enum.TryParse<AlertState>(states[1], out var to)
            ? (detail[..colon], from, to) : null;
    }
}
