using Fleet.Models;
using Fleet.Monitoring.Incidents;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Action items proposed from what happened, each with a type and an owner (the model's owner, else its team, else
/// platform on-call): governance gaps to close, thresholds that could not be judged, rules that should have fired
/// and did not, slow detection or acknowledgement, models still degraded.
/// </summary>
public static class ActionItemsSection
{
    public const string Id = "action-items";

    /// <summary>Detection slower than this is worth an item.</summary>
    public static readonly TimeSpan SlowDetection = TimeSpan.FromMinutes(15);

    public const string PlatformOnCall = "platform on-call";

    public static ReportSection Build(ReportScope scope)
    {
        var items = new List<IReadOnlyList<string>>();
        void Item(string what, string type, string owner) => items.Add([what, type, owner]);

        foreach (var (gap, models) in GovernanceSection.Gaps(scope))
        {
            var what = gap switch
            {
                "no-owner" => $"Name an accountable owner for {ReportText.Models(models)}: their pages went to the team or platform on-call",
                "no-thresholds" => $"Set thresholds for {ReportText.Models(models)}: they are judged by the domain defaults",
                "retraining-overdue" => $"Retrain {ReportText.Models(models)}: retraining is overdue",
                "no-retraining-schedule" => $"Give {ReportText.Models(models)} a retraining schedule",
                _ => $"Close the gap {gap} on {ReportText.Models(models)}",
            };
            Item(what, "governance", OwnerOf(scope, models[0]));
        }
        var unjudged = scope.Affected.Where(scope.Facts.Models.ContainsKey)
            .SelectMany(m => (scope.Facts.Models[m].Snapshot.Readings ?? []).Where(r => !r.Judged && r.MinSamples > 0).Select(r => (Model: m, Reading: r)))
            .GroupBy(x => x.Reading.Threshold, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var g in unjudged)
        {
            var models = g.Select(x => x.Model).Order(StringComparer.Ordinal).ToList();
            var least = g.MinBy(x => x.Reading.Samples).Reading;
            Item($"{g.Key} threshold never judged on {ReportText.Models(models)}: minSamples {ReportText.Count(least.MinSamples)} exceeds their traffic "
                + $"(as few as {ReportText.Count(least.Samples)} samples over {least.Window.Name()})", "detection", OwnerOf(scope, models[0]));
        }
        foreach (var line in DetectionSection.ShouldHave(scope).Where(l => l.Contains("never raised", StringComparison.Ordinal)))
            Item($"Review alerting: {line}", "detection", PlatformOnCall);
        foreach (var i in scope.Facts.Incidents.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var owner = i.Models.Count > 0 ? OwnerOf(scope, i.Models[0]) : PlatformOnCall;
            if (i.Milestones.TimeToDetect > SlowDetection && i.Alerts.Count > 0)
                Item($"{i.Id} took {ReportText.Duration(i.Milestones.TimeToDetect)} to detect: look for an earlier signal than {i.Alerts[0].Rule}", "detection", owner);
            if (i.Milestones.Acknowledged is null && i.Told.Count > 0)
                Item($"{i.Id} was never acknowledged{(i.Rung is { } rung && rung > EscalationRung.Owner ? $" and escalated to {rung}" : "")}: check who receives its pages", "response", owner);
        }
        var degraded = EndLevels(scope).Where(l => l.Value > 1).Select(l => l.Key).Order(StringComparer.Ordinal).ToList();
        if (degraded.Count > 0)
            Item($"Bring {ReportText.Models(degraded)} back to full AI: still degraded {(scope.IsRun ? "when the run ended" : "when this report was written")}", "mitigation", OwnerOf(scope, degraded[0]));
        if (items.Count == 0)
            return new ReportSection(Id, "Action items", [new Paragraph("No action item follows from the evidence.")]);
        return new ReportSection(Id, "Action items", [new Table(["action", "type", "owner"], items)]);
    }

    private static IReadOnlyDictionary<string, int> EndLevels(ReportScope scope) =>
        scope.Facts.Run?.FinalLevels ?? scope.Facts.Models.ToDictionary(m => m.Key, m => (int)m.Value.Snapshot.Level, StringComparer.Ordinal);

    private static string OwnerOf(ReportScope scope, string model) =>
        scope.Facts.Models.TryGetValue(model, out var m) ? m.Snapshot.Definition.Owner ?? m.Snapshot.Definition.Team ?? PlatformOnCall : PlatformOnCall;
}
