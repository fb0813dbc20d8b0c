using Fleet.Exercises;
using Fleet.Runs;

namespace Fleet.Dashboard.Reports;

/// <summary>
/// Gathers an exercise's reports: a team's run report with the team's score and the ideal response
/// (<see cref="ReportFacts.Exercise"/>), and the comparison of every team. Scores are the scoreboard's own
/// (<see cref="IExerciseControl.ScoreAsync"/>), so the reports say what <c>GET /api/exercises/{id}/score</c> says.
/// </summary>
public sealed class ExerciseReportSource(IExerciseControl exercises, IGrainFactory grains, IRunControl runs)
{
    private readonly ReportFactSource _facts = new(grains, runs);

    /// <summary>The facts of one team's run; null when its run is not in the journal (not started, or forgotten).</summary>
    public async Task<ReportFacts?> TeamAsync(Exercise exercise, ExerciseTeam team, CancellationToken ct)
    {
        if (team.RunId is not { } run) return null;
        var score = await exercises.ScoreAsync(exercise.Id, ct);
        return await TeamAsync(exercise, team, run, score, ct);
    }

    public async Task<Postmortem> ComparisonAsync(Exercise exercise, CancellationToken ct)
    {
        var score = await exercises.ScoreAsync(exercise.Id, ct) ?? new ExerciseScore(exercise.Id, exercise.State, null, [], []);
        var teams = new List<ExerciseComparison.TeamReport>();
        foreach (var (team, i) in exercise.Teams.Select((t, i) => (t, i)))
        {
            var facts = team.RunId is { } run ? await TeamAsync(exercise, team, run, score, ct) : null;
            teams.Add(new ExerciseComparison.TeamReport(i + 1, team, facts?.Exercise?.Score, facts is null ? null : PostmortemBuilder.Build(facts), facts?.Run));
        }
        return ExerciseComparison.Build(exercise, score, teams);
    }

    private async Task<ReportFacts?> TeamAsync(Exercise exercise, ExerciseTeam team, string run, ExerciseScore? score, CancellationToken ct) =>
        await _facts.ForRunAsync(run, ct) is { } facts
            ? facts with
            {
                Exercise = new ExerciseTeamFacts(exercise.Id, exercise.Name, team.Name, score?.Teams.FirstOrDefault(t => t.Team == team.Name),
                    score?.IdealResponse ?? []),
            }
            : null;
}
