namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// For an exercise team: its actions beside the ideal response, and its scores. Only when the facts carry scores
/// (<see cref="ReportFacts.Scores"/>); a plain run or an incident has no such section.
/// </summary>
public static class ExerciseSection
{
    public const string Id = "exercise";

    public static ReportSection? Build(ReportScope scope)
    {
        if (scope.Facts.Scores is not { } scores) return null;
        var actions = scope.Actions.Select(a => $"{ReportText.Time(a.At)} {a.By}: {a.Kind} on {a.Target} ({a.Detail})").ToList();
        return new ReportSection(Id, $"Exercise: team {scores.Team}",
        [
            new Paragraph("The team's actions:"), new Bullets(actions.Count > 0 ? actions : ["none"]),
            new Paragraph($"The ideal response: {scores.IdealResponse}"),
            new Table(["criterion", "score", "detail"],
                scores.Scores.Select(s => (IReadOnlyList<string>)[s.Criterion, $"{ReportText.Number(s.Score)} / {ReportText.Number(s.OutOf)}", s.Detail]).ToList()),
        ]);
    }
}
