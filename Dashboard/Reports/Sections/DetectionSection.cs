using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// How each incident was caught: the rule that fired first, how long detection and acknowledgement took, who was
/// paged, and which rules should have fired (for a run, those that watch the injected faults; for live traffic,
/// those that watch the threshold of the first breach) with when, or whether, each did.
/// </summary>
public static class DetectionSection
{
    public const string Id = "detection";

    public static ReportSection Build(ReportScope scope)
    {
        if (scope.Facts.Incidents.Count == 0)
            return new ReportSection(Id, "Detection", [new Paragraph(Undetected(scope))]);
        var rows = scope.Facts.Incidents.OrderBy(i => i.Milestones.ImpactStarted).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => (IReadOnlyList<string>)
            [
                i.Id,
                i.Alerts.Count > 0 ? i.Alerts[0].ToString() : "none",
                ReportText.Duration(i.Milestones.TimeToDetect),
                i.Milestones.TimeToAcknowledge is { } ack ? ReportText.Duration(ack) : "never",
                i.Told.Count > 0 ? string.Join(", ", i.Told) : "nobody",
                i.Rung is { } rung ? ReportText.Rung(rung) : "none",
            ]).ToList();
        var blocks = new List<ReportBlock>
        {
            new Table(["incident", "fired first", "time to detect", "time to acknowledge", "told", "escalation reached"], rows),
            new Paragraph("Rules that should have fired, and when they did:"),
            new Bullets(ShouldHave(scope)),
        };
        return new ReportSection(Id, "Detection", blocks);
    }

    /// <summary>The expected rules and the first time each fired on an affected model (its episode's start when it resolved since).</summary>
    public static IReadOnlyList<string> ShouldHave(ReportScope scope)
    {
        var lines = new List<string>();
        foreach (var (cause, since, rules) in Causes(scope))
        {
            if (rules.Count == 0)
            {
                lines.Add($"{cause}: no alert rule of the catalogue watches what it moves; only the level shows it.");
                continue;
            }
            var seen = rules.Select(r => (Rule: r, First: FirstActive(scope, r, since))).ToList();
            var text = string.Join("; ", seen.Select(s => s.First is { } at ? $"{s.Rule} active at {ReportText.Time(at)}" : $"{s.Rule} never raised"));
            lines.Add($"{cause}: {text}.");
        }
        return lines;
    }

    /// <summary>Rules that should have caught each cause: the run's injected faults, or the live incident's first breach.</summary>
    private static IEnumerable<(string Cause, DateTimeOffset Since, IReadOnlyList<string> Rules)> Causes(ReportScope scope)
    {
        if (scope.IsRun)
        {
            foreach (var e in scope.Injections.GroupBy(e => e.Target, StringComparer.Ordinal).Select(g => g.First()))
            {
                var fault = ExpectedRules.FaultOf(e.Detail);
                yield return ($"{e.Target} ({fault})", e.At, ExpectedRules.ForFault(scope.Facts.Catalogue, fault));
            }
            yield break;
        }
        if (scope.FirstBreaches.OrderBy(t => t.At).ThenBy(t => t.Model, StringComparer.Ordinal).FirstOrDefault() is { } first)
            yield return ($"first breach, {first.Model} at {ReportText.Time(first.At)} ({first.Reason})", first.At - ReportScope.IncidentMargin, ExpectedRules.ForBreach(scope.Facts.Catalogue, first.Reason, first.To));
    }

    /// <summary>
    /// When the rule (or any window pair of a burn-rate rule, "availability-burn[1h/5m]") first became active at or after
    /// <paramref name="since"/> (the injection's start): an alert raised before its cause began was about something else.
    /// </summary>
    private static DateTimeOffset? FirstActive(ReportScope scope, string rule, DateTimeOffset since) =>
        scope.RaisedAlerts.Where(a => a.Rule == rule || a.Rule.StartsWith(rule + "[", StringComparison.Ordinal))
            .Select(a => a.ActiveSince ?? a.Since).Where(at => at >= since).Cast<DateTimeOffset?>().Min();

    private static string Undetected(ReportScope scope) =>
        scope.RaisedAlerts.Any(a => a.State is AlertState.Firing or AlertState.Resolved)
            ? "Alerts fired, but none of them opened an incident."
            : scope.Affected.Count > 0 ? "Nothing fired: the affected models moved on the ladder without an alert reaching firing." : "Nothing needed detecting.";
}
