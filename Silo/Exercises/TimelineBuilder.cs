using Fleet.Exercises;
using Fleet.Runs;

namespace Fleet.Silo.Exercises;

/// <summary>
/// Lays out one team's run for the facilitator: the injections (from the run's journal) with their true impact, the
/// incidents its monitor opened and closed, and what the team did (its own actions, not the scenario's scripted ones;
/// its acknowledgements and mitigations in its alert book; its answers at decision points), in event-time order, and its
/// bad serving over time. Impact counts as the scores do: wrong and degraded beyond the healthy run, per tick, never below zero.
/// </summary>
public static class TimelineBuilder
{
    /// <summary>The impact over time is cut into at most this many spans of whole ticks.</summary>
    public const int MaxSpans = 120;

    private static readonly string[] SideOrder = ["scenario", "monitor", "team"];

    public static TeamTimeline Build(Counterfactuals c, ExerciseScorer.TeamRun team, TeamScore score, IReadOnlyList<DecisionRecord> decisions, DateTimeOffset? now)
    {
        var played = team.Impact.Ticks.Count;
        var bad = Excess(team.Impact, c.Healthy, played);
        var doNothing = Excess(c.DoNothing, c.Healthy, played);
        var start = c.Healthy.Start;
        var tick = c.Healthy.Tick;
        int TickOf(DateTimeOffset at) => (int)Math.Clamp((at - start).Ticks / tick.Ticks, 0, played);

        var moments = new List<TimelineMoment>();
        foreach (var began in team.Journal.Where(e => e.Kind == "injection"))
        {
            var ended = team.Journal.FirstOrDefault(e => e.Kind == "injection-ended" && e.Target == began.Target && e.At >= began.At);
            var (from, to) = (TickOf(began.At), ended is null ? played : TickOf(ended.At));
            moments.Add(new TimelineMoment(began.At, "scenario", "injection", began.Target, began.By, began.Detail,
                Sum(bad, from, to), Sum(doNothing, from, to)));
            if (ended is not null) moments.Add(new TimelineMoment(ended.At, "scenario", "injection-ended", ended.Target, ended.By, ended.Detail));
        }
        foreach (var incident in team.Incidents)
        {
            var m = incident.Milestones;
            var models = string.Join(", ", incident.Models);
            moments.Add(new TimelineMoment(m.Detected, "monitor", "incident-opened", incident.Id, "monitor", $"{incident.Title} ({models})"));
            if (m.Acknowledged is { } acked)
                moments.Add(new TimelineMoment(acked, "team", "incident-acknowledged", incident.Id, incident.AcknowledgedBy ?? "operator", models));
            if (m.Mitigated is { } mitigated)
                moments.Add(new TimelineMoment(mitigated, "team", "incident-mitigated", incident.Id, incident.MitigatedBy ?? "operator", models));
            if (m.Resolved is { } resolved) moments.Add(new TimelineMoment(resolved, "monitor", "incident-resolved", incident.Id, "monitor", models));
        }
        foreach (var action in score.Actions)
        {
            var entry = team.Journal.FirstOrDefault(e => e.At == action.At && e.Kind == action.Action && e.Target == action.Model && e.By == action.By);
            moments.Add(new TimelineMoment(action.At, "team", action.Action, action.Model, action.By, entry?.Detail ?? ""));
        }
        foreach (var d in decisions.Where(d => d.Team == team.Team))
        {
            var said = string.Join(": ", new[] { d.Choice, d.Answer }.Where(t => !string.IsNullOrEmpty(t)));
            moments.Add(new TimelineMoment(d.At, "team", "decision", d.Question, d.By ?? "",
                d.AnsweredAt is null ? "waiting for an answer" : $"{said} (took {d.TimeTaken:hh\\:mm\\:ss})"));
        }

        var ordered = moments.OrderBy(x => x.At).ThenBy(x => Array.IndexOf(SideOrder, x.Side)).ToList();
        var width = Math.Max(1, (played + MaxSpans - 1) / MaxSpans);
        var spans = new List<ImpactSpan>();
        for (var k = 0; k < played; k += width)
        {
            var to = Math.Min(played, k + width);
            spans.Add(new ImpactSpan(start + tick * k, start + tick * to, Sum(bad, k, to), Sum(doNothing, k, to)));
        }
        return new TeamTimeline(team.Team, team.RunId, now, score, ordered, spans);
    }

    /// <summary>Per tick, bad predictions beyond the healthy run (wrong and degraded each never below zero), for the first <paramref name="ticks"/> ticks.</summary>
    private static long[] Excess(RunImpact run, RunImpact healthy, int ticks)
    {
        var excess = new long[ticks];
        for (var k = 0; k < Math.Min(ticks, Math.Min(run.Ticks.Count, healthy.Ticks.Count)); k++)
            excess[k] = ExerciseScorer.Excess(run.Ticks[k], healthy.Ticks[k]);
        return excess;
    }

    private static long Sum(long[] perTick, int from, int to)
    {
        long sum = 0;
        for (var k = from; k < Math.Min(to, perTick.Length); k++) sum += perTick[k];
        return sum;
    }
}
