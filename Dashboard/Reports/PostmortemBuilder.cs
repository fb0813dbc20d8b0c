using Fleet.Dashboard.Reports.Sections;

namespace Fleet.Dashboard.Reports;

/// <summary>Writes the postmortem draft from the facts, one section builder per section, in the order incident reviews read them.</summary>
public static class PostmortemBuilder
{
    public const string TimelineId = "timeline";
    public const string EvidenceId = "evidence";

    public static Postmortem Build(ReportFacts facts)
    {
        var scope = new ReportScope(facts);
        var sections = new List<ReportSection?>
        {
            SummarySection.Build(scope),
            ImpactSection.Build(scope),
            new(TimelineId, "Timeline (UTC, event time)", [new Timeline(scope.Timeline)]),
            DetectionSection.Build(scope),
            TriggerSection.Build(scope),
            ResolutionSection.Build(scope),
            GovernanceSection.Build(scope),
            ExerciseSection.Build(scope),
            ActionItemsSection.Build(scope),
            ChartsSection.Build(scope),
            new(EvidenceId, "Evidence", [new EvidenceList(scope.Timeline.Select(l => l.Evidence).ToList())]),
        };
        var (title, subtitle) = facts.Run is { } run
            ? facts.Exercise is { } team
                ? ($"Postmortem: exercise {team.ExerciseName} ({team.Exercise}), team {team.Team}", $"Run {facts.Id}: scenario {run.Scenario}, seed {run.Seed}, digest {run.Digest}")
                : ($"Postmortem: run {facts.Id}", $"Scenario {run.Scenario}, seed {run.Seed}, digest {run.Digest}")
            : ($"Postmortem: incident {facts.Id}", facts.Incidents.Count > 0 ? $"{facts.Incidents[0].Title} (world {facts.World})" : $"world {facts.World}");
        return new Postmortem(title, subtitle, sections.OfType<ReportSection>().ToList());
    }
}
