using Fleet.Exercises;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// For an exercise team's run: its actions beside the ideal response, and its scores (those of
/// <c>GET /api/exercises/{id}/score</c>). Only when the facts carry the team (<see cref="ReportFacts.Exercise"/>); a plain
/// run or an incident has no such section.
/// </summary>
public static class ExerciseSection
{
    public const string Id = "exercise";

    public static ReportSection? Build(ReportScope scope)
    {
        if (scope.Facts.Exercise is not { } team) return null;
        var actions = team.Score?.Actions ?? scope.Actions.Select(a => new ScoredAction(a.At, a.Kind, a.Target, a.By)).ToList();
        var blocks = new List<ReportBlock>
        {
            new Paragraph($"Team {team.Team} of exercise {team.ExerciseName} ({team.Exercise}). Its actions beside the ideal response:"),
            BesideIdeal(actions, team.Ideal),
        };
        if (team.Score is { } score) blocks.Add(new Table(["score", "value"], [.. Scores(score).Select(r => (IReadOnlyList<string>)[r.Name, r.Value])]));
        else blocks.Add(new Paragraph("No score: the team's run is no longer kept on this silo, and scores read what the playing run served."));
        return new ReportSection(Id, $"Exercise: team {team.Team}", blocks);
    }

    /// <summary>
    /// Each step of the ideal response with the team's first matching action (same action on the same model), how late it
    /// came past the ideal time, then the team's actions the ideal response does not have.
    /// </summary>
    public static Table BesideIdeal(IReadOnlyList<ScoredAction> actions, IReadOnlyList<ScoredAction> ideal)
    {
        var rows = new List<IReadOnlyList<string>>();
        var unmatched = actions.OrderBy(a => a.At).ToList();
        foreach (var step in ideal.OrderBy(a => a.At).ThenBy(a => a.Model, StringComparer.Ordinal))
        {
            var taken = unmatched.FirstOrDefault(a => a.Action == step.Action && a.Model == step.Model);
            if (taken is not null) unmatched.Remove(taken);
            rows.Add([
                $"{step.Action} {step.Model} by {ReportText.Time(step.At)}",
                taken is null ? "not taken" : $"{ReportText.Time(taken.At)} by {taken.By}",
                taken is null ? "missing" : taken.At <= step.At ? "in time" : $"{ReportText.Duration(taken.At - step.At)} late",
            ]);
        }
        foreach (var extra in unmatched)
            rows.Add(["–", $"{extra.Action} {extra.Model} at {ReportText.Time(extra.At)} by {extra.By}", ideal.Count == 0 ? "no ideal response stated" : "not in the ideal response"]);
        if (rows.Count == 0) rows.Add(["none stated", "none taken", "–"]);
        return new Table(["ideal response", "the team", "difference"], rows);
    }

    /// <summary>A team's scores in words, in the order the scoreboard shows them.</summary>
    public static IReadOnlyList<(string Name, string Value)> Scores(TeamScore s) =>
    [
        ("bad predictions beyond healthy serving", ReportText.Count(s.Impact)),
        ("of which served wrong", ReportText.Count(s.ImpactWrong)),
        ("of which served degraded", ReportText.Count(s.ImpactDegraded)),
        ("over the ideal response", s.ExcessOverIdeal is { } over ? ReportText.Count(over) : "no ideal response stated"),
        ("doing nothing would have served", ReportText.Count(s.DoNothingImpact)),
        ("time to detect", Span(s.TimeToDetect)),
        ("time to acknowledge", Span(s.TimeToAcknowledge)),
        ("time to mitigate", Span(s.TimeToMitigate)),
        ("time to resolve", Span(s.TimeToResolve)),
        ("mitigated by", s.MitigatedBy ?? "–"),
        ("useless actions", s.UselessActions.Count == 0 ? "none" : string.Join(", ", s.UselessActions.Select(a => $"{a.Action} {a.Model}"))),
        ("unacknowledged alerts", ReportText.Count(s.UnacknowledgedAlerts)),
    ];

    public static string Span(TimeSpan? span) => span is { } d ? ReportText.Duration(d) : "not reached";
}
