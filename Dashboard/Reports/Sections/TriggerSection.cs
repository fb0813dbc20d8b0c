namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Trigger and contributing factors. A run names its injections (the simulator's truth); an incident of live
/// traffic names only what the evidence shows: how many models of which shared cause left full AI within how long,
/// and the breaches that moved them.
/// </summary>
public static class TriggerSection
{
    public const string Id = "trigger";

    public static ReportSection Build(ReportScope scope)
    {
        var blocks = new List<ReportBlock>();
        if (scope.IsRun)
        {
            var injections = scope.Injections.Select(e => $"{ReportText.Time(e.At)} {e.Target}: {e.Detail}").ToList();
            blocks.Add(new Paragraph(injections.Count == 0 ? "Trigger: no injection started." : "Trigger: the injections."));
            if (injections.Count > 0) blocks.Add(new Bullets(injections));
        }
        blocks.Add(new Paragraph("What the evidence shows:"));
        blocks.Add(new Bullets(Evidence(scope)));
        return new ReportSection(Id, "Trigger and contributing factors", blocks);
    }

    private static List<string> Evidence(ReportScope scope)
    {
        var lines = new List<string>();
        foreach (var i in scope.Facts.Incidents.OrderBy(i => i.Milestones.ImpactStarted).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            var breaches = scope.FirstBreaches.Where(t => i.Models.Contains(t.Model)).ToList();
            var spread = breaches.Count > 1 ? $" within {ReportText.Duration(breaches.Max(t => t.At) - breaches.Min(t => t.At))}" : "";
            lines.Add($"{i.Id}: {i.Title}; {breaches.Count} of its {i.Models.Count} model(s) left full AI{spread}.");
        }
        var byCause = scope.FirstBreaches.GroupBy(t => Cause(t.Reason), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in byCause)
            lines.Add($"{g.Count()} model(s) first breached on {g.Key} ({ReportText.Models(g.Select(t => t.Model).Order(StringComparer.Ordinal).ToList())}).");
        if (lines.Count == 0) lines.Add("No model left full AI.");
        return lines;
    }

    /// <summary>A breach message's subject without its numbers ("error rate 12% over 5m exceeds 1%" -> "error rate").</summary>
    private static string Cause(string reason)
    {
        var first = reason.Split(';', 2)[0].Trim();
        if (first.StartsWith("breached: ", StringComparison.Ordinal)) first = first["breached: ".Length..];
        var words = first.Split(' ').TakeWhile(w => w.Length > 0 && !char.IsDigit(w[0])).Take(4);
        var subject = string.Join(' ', words);
        return subject.Length == 0 ? first : subject;
    }
}
