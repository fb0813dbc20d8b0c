namespace Fleet.Dashboard.Reports.Sections;

/// <summary>Governance gaps among the affected models (no owner, default thresholds, retraining overdue or unscheduled), as their snapshots flag them.</summary>
public static class GovernanceSection
{
    public const string Id = "governance";

    public static ReportSection Build(ReportScope scope)
    {
        var gaps = Gaps(scope);
        if (gaps.Count == 0)
            return new ReportSection(Id, "Governance gaps", [new Paragraph("None of the affected models has a governance gap.")]);
        var rows = gaps.Select(g => (IReadOnlyList<string>)[g.Key, ReportText.Count(g.Value.Count), ReportText.Models(g.Value)]).ToList();
        return new ReportSection(Id, "Governance gaps", [new Table(["gap", "models", "which"], rows)]);
    }

    /// <summary>Each gap and the affected models that have it (ids in ordinal order), gaps in ordinal order.</summary>
    public static SortedDictionary<string, List<string>> Gaps(ReportScope scope)
    {
        var gaps = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var model in scope.Affected.Order(StringComparer.Ordinal))
        {
            if (!scope.Facts.Models.TryGetValue(model, out var facts)) continue;
            foreach (var gap in facts.Snapshot.Gaps)
            {
                if (!gaps.TryGetValue(gap, out var list)) gaps[gap] = list = [];
                list.Add(model);
            }
        }
        return gaps;
    }
}
