using Fleet.Dashboard.Reports.Sections;
using Fleet.Exercises;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// The report of a whole exercise: the teams compared. One table of every team's scores (those of
/// <c>GET /api/exercises/{id}/score</c>), who mitigated first, each team's actions side by side with the ideal response and
/// where they differ, and each team's timeline in turn (its evidence numbered under the team, "T2.E5").
/// </summary>
public static class ExerciseComparison
{
    public const string ScoresId = "scores", MitigationId = "mitigation", ActionsId = "actions";

    /// <summary>One team as the comparison reads it: its place in the exercise, its score and its own postmortem (null when its run is gone).</summary>
    public sealed record TeamReport(int Number, ExerciseTeam Team, TeamScore? Score, Postmortem? Report, RunRecord? Run);

    public static string TimelineId(int number) => $"team-{number}";

    public static Postmortem Build(Exercise exercise, ExerciseScore score, IReadOnlyList<TeamReport> teams)
    {
        var sections = new List<ReportSection>
        {
            new(SummarySection.Id, "Summary", [new Paragraph(Summary(exercise, score, teams))]),
            new(ScoresId, "Scores", [ScoreTable(score)]),
            new(MitigationId, "Who mitigated first", [new Paragraph("First to last, from the impact start to the action credited:"), new Bullets(Mitigation(score))]),
            new(ActionsId, "Actions beside the ideal response", [ActionTable(score), new Bullets(Differences(score))]),
        };
        sections.AddRange(teams.Select(TeamTimeline));
        var played = teams.Select(t => t.Run).FirstOrDefault(r => r is not null);
        return new Postmortem($"Exercise {exercise.Name} ({exercise.Id}): the teams compared",
            played is null ? $"{teams.Count} team(s), {exercise.State}; no team's run is in the journal"
                : $"Scenario {played.Scenario}, seed {played.Seed}, {teams.Count} team(s), {exercise.State}",
            sections);
    }

    private static string Summary(Exercise exercise, ExerciseScore score, IReadOnlyList<TeamReport> teams)
    {
        var impact = score.ImpactStart is { } at
            ? $"The faults' impact started at {ReportText.Time(at)} on {score.AffectedModels.Count} model(s): {ReportText.Models(score.AffectedModels)}."
            : "The faults never changed what was served.";
        var best = score.Teams.Count > 0 ? $" Team {score.Teams[0].Team} served the fewest bad predictions ({ReportText.Count(score.Teams[0].Impact)})." : " No team has a score yet.";
        var first = FirstMitigated(score) is { } m ? $" Team {m.Team} mitigated first, {ReportText.Duration(m.TimeToMitigate!.Value)} after the impact started." : " No team mitigated.";
        return $"Exercise {exercise.Name} ({exercise.Id}) was played by {teams.Count} team(s): {string.Join(", ", teams.Select(t => t.Team.Name))}. {impact}{best}{first}";
    }

    private static TeamScore? FirstMitigated(ExerciseScore score) =>
        score.Teams.Where(t => t.TimeToMitigate is not null).OrderBy(t => t.TimeToMitigate).ThenBy(t => t.Team, StringComparer.Ordinal).FirstOrDefault();

    private static Table ScoreTable(ExerciseScore score)
    {
        IEnumerable<string> names = score.Teams.Count > 0 ? ExerciseSection.Scores(score.Teams[0]).Select(s => s.Name) : [];
        return new Table(["team", .. names],
            [.. score.Teams.Select(t => (IReadOnlyList<string>)[t.Team, .. ExerciseSection.Scores(t).Select(s => s.Value)])]);
    }

    private static IReadOnlyList<string> Mitigation(ExerciseScore score)
    {
        var lines = score.Teams.Where(t => t.TimeToMitigate is not null).OrderBy(t => t.TimeToMitigate).ThenBy(t => t.Team, StringComparer.Ordinal)
            .Select(t => $"{t.Team}: {ReportText.Duration(t.TimeToMitigate!.Value)} after the impact started ({t.MitigatedBy ?? "no serving action credited"})")
            .Concat(score.Teams.Where(t => t.TimeToMitigate is null).OrderBy(t => t.Team, StringComparer.Ordinal).Select(t => $"{t.Team}: never mitigated"))
            .ToList();
        return lines.Count > 0 ? lines : ["no team has a score yet"];
    }

    /// <summary>Every (action, model) the ideal response or any team took, with when each took it.</summary>
    private static Table ActionTable(ExerciseScore score)
    {
        var keys = score.IdealResponse.Concat(score.Teams.SelectMany(t => t.Actions))
            .GroupBy(a => (a.Action, a.Model)).OrderBy(g => g.Min(a => a.At)).ThenBy(g => g.Key.Action, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Model, StringComparer.Ordinal).Select(g => g.Key).ToList();
        string When(IEnumerable<ScoredAction> actions, (string Action, string Model) key) =>
            actions.Where(a => (a.Action, a.Model) == key).Select(a => ReportText.Time(a.At)).DefaultIfEmpty("–").Aggregate((x, y) => $"{x}, {y}");
        return new Table(["action", "ideal (by)", .. score.Teams.Select(t => t.Team)],
            [.. keys.Select(k => (IReadOnlyList<string>)[$"{k.Action} {k.Model}", When(score.IdealResponse, k), .. score.Teams.Select(t => When(t.Actions, k))])]);
    }

    private static IReadOnlyList<string> Differences(ExerciseScore score) =>
        [.. score.Teams.Select(t =>
        {
            var beside = ExerciseSection.BesideIdeal(t.Actions, score.IdealResponse).Rows;
            var missing = beside.Where(r => r[2] == "missing").Select(r => r[0]).ToList();
            var late = beside.Where(r => r[2].EndsWith(" late", StringComparison.Ordinal)).Select(r => $"{r[0]} ({r[2]})").ToList();
            var extra = beside.Where(r => r[0] == "–").Select(r => r[1]).ToList();
            var said = new List<string>();
            if (missing.Count > 0) said.Add($"never took {string.Join("; ", missing)}");
            if (late.Count > 0) said.Add($"took late {string.Join("; ", late)}");
            if (extra.Count > 0) said.Add($"also took {string.Join("; ", extra)}");
            return $"{t.Team}: {(said.Count > 0 ? string.Join(". ", said) : "took the ideal response in time")}";
        })];

    /// <summary>A team's timeline and its evidence, numbered under the team so the whole file's anchors stay distinct.</summary>
    private static ReportSection TeamTimeline(TeamReport team)
    {
        var title = $"Timeline: team {team.Team.Name} (UTC, event time)";
        if (team.Report?.Section(PostmortemBuilder.TimelineId)?.Blocks.OfType<Timeline>().SingleOrDefault() is not { } timeline)
            return new ReportSection(TimelineId(team.Number), title, [new Paragraph("No timeline: the team's run has not started or is no longer in the journal.")]);
        var lines = timeline.Lines.Select(l => l with { Evidence = l.Evidence with { Id = $"T{team.Number}.{l.Evidence.Id}" } }).ToList();
        return new ReportSection(TimelineId(team.Number), title,
            [new Timeline(lines), new Paragraph("Evidence:"), new EvidenceList([.. lines.Select(l => l.Evidence)])]);
    }
}
