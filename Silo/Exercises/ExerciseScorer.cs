using Fleet.Actions;
using Fleet.Exercises;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;

namespace Fleet.Silo.Exercises;

/// <summary>
/// Scores one team's run against the counterfactuals, from the simulator's truth and the team's own alert book:
/// <list type="bullet">
/// <item>impact: predictions served wrong or degraded beyond the healthy run, tick by tick (a tick counts its excess of
/// wrong and of degraded separately, never below zero), over the ticks the team has played; the same sum for doing
/// nothing and for the ideal response over the same ticks;</item>
/// <item>time to detect: impact start to the first acknowledgement of an incident holding an affected model; time to
/// acknowledge: from that incident book's first detection (the first page) to the same acknowledgement;</item>
/// <item>time to mitigate (measured): the first tick the team served fewer bad predictions than doing nothing would
/// have; the action credited is the team's latest action at or before it that changes serving (before the team's
/// first action its run and the do-nothing run are the same, tick for tick);</item>
/// <item>time to resolve: the end of the last tick with more than 1 % of its predictions served badly beyond the
/// healthy run, once <see cref="ResolveHold"/> of clean ticks followed it;</item>
/// <item>useless actions: serving actions on models the faults did not hurt, or on hurt models that served no
/// fewer bad predictions than under doing nothing; unacknowledged alerts: firing, not acknowledged, not silenced.</item>
/// </list>
/// </summary>
public static class ExerciseScorer
{
    public static readonly TimeSpan ResolveHold = TimeSpan.FromMinutes(10);

    /// <summary>A tick is impaired when its bad predictions beyond the healthy run exceed this share of its predictions.</summary>
    public const double ImpairedShare = 0.01;

    public sealed record TeamRun(string Team, string? RunId, RunImpact Impact, IReadOnlyList<JournalEntry> Journal,
        IReadOnlyList<IncidentView> Incidents, IReadOnlyList<AlertView> Alerts);

    public static TeamScore Score(Counterfactuals c, TeamRun team)
    {
        if (!c.Truth) return ScoreFromAlertBook(team, TeamActions(team.Journal, c.DoNothingJournal));
        var played = team.Impact.Ticks.Count;
        var start = c.Healthy.Start;
        var tick = c.Healthy.Tick;
        var s = c.ImpactStartTick;
        var impactStart = c.ImpactStart;
        var affected = c.Affected;
        var actions = TeamActions(team.Journal, c.DoNothingJournal);

        var (wrong, degraded) = Excess(team.Impact, c.Healthy, played);
        var (dnWrong, dnDegraded) = Excess(c.DoNothing, c.Healthy, played);
        (long, long)? ideal = c.Ideal is { } i ? Excess(i, c.Healthy, played) : null;
        var impact = wrong + degraded;
        long? idealImpact = ideal is var (iw, id) ? iw + id : null;

        TimeSpan? ttd = null, tta = null, ttm = null, ttr = null;
        string? mitigatedBy = null;
        if (s is { } first && impactStart is { } began)
        {
            var covering = team.Incidents.Where(x => x.Models.Any(affected.Contains)).ToList();
            var acked = covering.Select(x => x.Milestones.Acknowledged).Where(a => a >= began).Min();
            var detected = covering.Select(x => (DateTimeOffset?)x.Milestones.Detected).Min();
            ttd = acked - began;
            tta = acked - detected;

            for (var k = first; k < Math.Min(played, c.DoNothing.Ticks.Count); k++)
            {
                if (team.Impact.Ticks[k].Bad >= c.DoNothing.Ticks[k].Bad) continue;
                var tickStart = start + tick * k;
                var credited = actions.LastOrDefault(a => a.At <= tickStart && OperatorActions.IsServing(a.Action));
                if (credited is not null)
                {
                    ttm = credited.At - began;
                    mitigatedBy = $"{credited.Action} {credited.Model} by {credited.By}";
                }
                break;
            }

            var lastImpaired = -1;
            for (var k = first; k < Math.Min(played, c.Healthy.Ticks.Count); k++)
                if (team.Impact.Ticks[k].Bad - c.Healthy.Ticks[k].Bad > ImpairedShare * team.Impact.Ticks[k].Predictions) lastImpaired = k;
            if (lastImpaired >= 0 && tick * (played - lastImpaired - 1) >= ResolveHold)
                ttr = tick * (lastImpaired + 1 - first);
        }

        var useless = actions.Where(a => OperatorActions.IsServing(a.Action)
            && (!affected.Contains(a.Model)
                || team.Impact.Models.GetValueOrDefault(a.Model).Bad >= c.DoNothing.Models.GetValueOrDefault(a.Model).Bad)).ToList();
        var unacknowledged = team.Alerts.Count(a => a.State == Fleet.Monitoring.Alerts.AlertState.Firing && a.AcknowledgedBy is null && a.SilencedBy is null);

        return new TeamScore(team.Team, team.RunId, impactStart, ttd, tta, ttm, ttr, mitigatedBy,
            impact, wrong, degraded, dnWrong + dnDegraded, idealImpact, idealImpact is { } best ? impact - best : null,
            useless, unacknowledged, actions);
    }

    /// <summary>
    /// Without the simulator's truth (every model plays a recording): the impact starts when the first incident's alert
    /// first held (the monitor's impact start), every model of an incident is affected, and time to detect and to
    /// acknowledge are read as with the truth. Impact, mitigation, resolution and useless actions are not scored
    /// (<see cref="ExerciseScore.TruthScores"/>): 0 or null.
    /// </summary>
    private static TeamScore ScoreFromAlertBook(TeamRun team, IReadOnlyList<ScoredAction> actions)
    {
        DateTimeOffset? began = team.Incidents.Count == 0 ? null : team.Incidents.Min(i => i.Milestones.ImpactStarted);
        var acked = team.Incidents.Select(i => i.Milestones.Acknowledged).Where(a => a >= began).Min();
        var detected = team.Incidents.Select(i => (DateTimeOffset?)i.Milestones.Detected).Min();
        var unacknowledged = team.Alerts.Count(a => a.State == Fleet.Monitoring.Alerts.AlertState.Firing && a.AcknowledgedBy is null && a.SilencedBy is null);
        return new TeamScore(team.Team, team.RunId, began, acked - began, acked - detected, null, null, null, 0, 0, 0, 0, null, null, [],
            unacknowledged, actions);
    }

    /// <summary>Bad predictions beyond the healthy run over the first <paramref name="ticks"/> ticks: wrong and degraded, each never below zero per tick.</summary>
    public static (long Wrong, long Degraded) Excess(RunImpact run, RunImpact healthy, int ticks)
    {
        long wrong = 0, degraded = 0;
        for (var k = 0; k < Math.Min(ticks, Math.Min(run.Ticks.Count, healthy.Ticks.Count)); k++)
        {
            wrong += Math.Max(0, run.Ticks[k].Wrong - healthy.Ticks[k].Wrong);
            degraded += Math.Max(0, run.Ticks[k].Degraded - healthy.Ticks[k].Degraded);
        }
        return (wrong, degraded);
    }

    /// <summary>One tick's bad predictions beyond the healthy run's: wrong and degraded, each never below zero.</summary>
    public static long Excess(ServedCounts run, ServedCounts healthy) =>
        Math.Max(0, run.Wrong - healthy.Wrong) + Math.Max(0, run.Degraded - healthy.Degraded);

    /// <summary>The team's own actions: the run's action entries that the do-nothing run (the scenario's scripted responder) does not have.</summary>
    public static IReadOnlyList<ScoredAction> TeamActions(IReadOnlyList<JournalEntry> journal, IReadOnlyList<JournalEntry> scripted)
    {
        var theirs = scripted.Where(e => OperatorActions.IsAction(e.Kind)).Select(e => (e.At, e.Kind, e.Target, e.By)).ToList();
        var actions = new List<ScoredAction>();
        foreach (var e in journal.Where(e => OperatorActions.IsAction(e.Kind)).OrderBy(e => e.At))
        {
            var key = (e.At, e.Kind, e.Target, e.By);
            if (theirs.Remove(key)) continue;
            actions.Add(new ScoredAction(e.At, e.Kind, e.Target, e.By));
        }
        return actions;
    }
}
