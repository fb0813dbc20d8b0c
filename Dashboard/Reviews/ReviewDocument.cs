using System.Globalization;
using Fleet.Dashboard.Reports;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reviews;

/// <summary>
/// A review as a document of sections and blocks, the shape the postmortem renderers draw: Markdown
/// (<see cref="Reports.Rendering.MarkdownReport"/>) and one self-contained HTML file (<see cref="Reports.Rendering.HtmlReport"/>).
/// A summary, the period's incidents, then one section per model.
/// </summary>
public static class ReviewDocument
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Postmortem Build(FleetReview review)
    {
        var title = review.Period == ReviewPeriod.Weekly ? "Weekly model review" : "Monthly KPI review";
        var scope = review.Team is { } team ? $"team {team}" : review.Owner is { } owner ? $"owner {owner}" : "the fleet";
        var subtitle = $"{review.Models.Count} model(s), {Time(review.From)} to {Time(review.To)}; each period against the one before.";
        List<ReportSection> sections = [Summary(review), Incidents(review)];
        sections.AddRange(review.Models.Select(Model));
        return new Postmortem($"{title}: {scope}", subtitle, sections);
    }

    private static ReportSection Summary(FleetReview review)
    {
        var t = review.Totals;
        return new ReportSection("summary", "Summary", [new Bullets([
            $"Below target: {List(t.BelowTarget)}",
            $"Trending down: {List(t.TrendingDown)}",
            $"Governance gaps: {List(t.GovernanceGaps ?? [])}",
            $"Retraining overdue: {List(t.RetrainingOverdue ?? [])}",
            $"Business value {Number("value", t.Value)}, cost {Number("cost", t.Cost)}",
            $"Incidents: {t.Incidents}; mean time to detect {Minutes(t.MeanMinutesToDetect)}, to mitigate {Minutes(t.MeanMinutesToMitigate)}",
        ])]);
    }

    private static ReportSection Incidents(FleetReview review) => new("incidents", "Incidents of the period", review.Incidents.Count == 0
        ? [new Paragraph("None.")]
        : [new Table(["incident", "severity", "models", "impact started", "detected", "time to detect", "mitigated", "time to mitigate", "resolved"],
            review.Incidents.Select(i => (IReadOnlyList<string>)[$"{i.Id} {i.Title}", i.Severity.ToString().ToLowerInvariant(), string.Join(", ", i.Models),
                Time(i.ImpactStarted), Time(i.Detected), Minutes(i.MinutesToDetect), Time(i.Mitigated), Minutes(i.MinutesToMitigate),
                i.Resolved is null ? "open" : Time(i.Resolved)]).ToList())]);

    private static ReportSection Model(ModelReview r)
    {
        List<ReportBlock> blocks =
        [
            new Paragraph($"Owner {r.Owner ?? "none"}, team {r.Team ?? "none"}, level {(int)r.Level} ({r.Level.Describe()}), {Time(r.From)} to {Time(r.To)}."),
            new Table(["dimension", "measure", "this period", "period before", "trend"],
                r.Lines.Select(l => (IReadOnlyList<string>)[l.Dimension, l.Measure, Number(l.Measure, l.Current), Number(l.Measure, l.Previous), l.Trend]).ToList()),
        ];
        if (r.Maturity is { } m) blocks.AddRange(Maturity(m));
        if (r.Fairness is { } f) blocks.AddRange(Fairness(f));
        blocks.Add(new Paragraph("Rollouts: " + (r.Rollouts.Count == 0 ? "none." : "")));
        if (r.Rollouts.Count > 0)
            blocks.Add(new Table(["candidate", "stage", "since", "ended", "outcome", "verdict", "reasons"],
                r.Rollouts.Select(x => (IReadOnlyList<string>)[x.Candidate, RolloutStages.Name(x.Stage), Time(x.Since), Time(x.Ended), x.Outcome, x.Verdict,
                    string.Join("; ", x.Reasons)]).ToList()));
        blocks.Add(new Paragraph("Open issues: " + (r.OpenIssues.Count == 0 ? "none" : string.Join("; ", r.OpenIssues))));
        blocks.Add(new Paragraph("Actions taken: " + (r.Actions.Count == 0 ? "none" : string.Join("; ",
            r.Actions.Select(a => $"{Time(a.At)} {a.Action} by {a.By}: {a.Reason}")))));
        return new ReportSection($"model-{r.Id}", $"{r.Name} ({r.Id}), version {r.Version}", blocks);
    }

    private static IEnumerable<ReportBlock> Maturity(MaturityCurve m)
    {
        var baseline = m.Baseline is not { } b ? "no baseline registered"
            : $"baseline {Share(b)}: uplift {Points(m.BaselineUplift)}" + (m.BaselineRatio is { } ratio ? $" ({ratio.ToString("0.#", Invariant)}x)" : "");
        yield return new Paragraph($"Maturity ({m.Metric}): {Share(m.Current)} against launch {Share(m.Launch)}, target {Share(m.Target)}, " +
            $"stretch {Share(m.Stretch)}: {m.Stands}; trend {m.Trend}" + (m.SlopePerDay is { } s ? $" ({Points(s)} a day)" : "") + $"; {baseline}.");
        yield return new Table(["day", m.Metric, "labels"], m.Days.Where(d => d.Samples > 0)
            .Select(d => (IReadOnlyList<string>)[d.Day.UtcDateTime.ToString("yyyy-MM-dd", Invariant), Share(d.Quality), d.Samples.ToString("N0", Invariant)]).ToList());
    }

    private static IEnumerable<ReportBlock> Fairness(SegmentFairness f)
    {
        yield return new Paragraph($"Fairness by segment over the period: largest gap {Points(f.Gap)} between segments with at least " +
            $"{f.MinSamples.ToString("N0", Invariant)} labels" + (f.Limit is { } limit ? $", limit {Points(limit)}" : "") + $": {f.Finding}.");
        if (f.Segments.Count > 0)
            yield return new Table(["segment", "quality", "labels"],
                f.Segments.Select(s => (IReadOnlyList<string>)[s.Segment, Share(s.Quality), s.Samples.ToString("N0", Invariant)]).ToList());
    }

    private static readonly HashSet<string> Shares = ["engagement rate", "conversion rate", "sentiment", "opt-out rate", "error rate", "accuracy",
        "precision", "recall", "relevance", "largest segment gap", "return on cost"];

    /// <summary>Rates and shares as percentages, counts with separators, the rest as numbers; "–" for a period without the figure.</summary>
    public static string Number(string measure, double? v) => v is not { } x ? "–"
        : measure is "predictions" ? x.ToString("N0", Invariant)
        : Shares.Contains(measure) ? Share(x)
        : x.ToString("0.###", Invariant);

    private static string Share(double? v) => v is { } x ? (x * 100).ToString("0.##", Invariant) + "%" : "–";

    private static string Points(double? v) => v is { } x ? (x * 100).ToString("+0.##;-0.##;0", Invariant) + " points" : "–";

    private static string Minutes(double? v) => v is { } x ? x.ToString("0.#", Invariant) + " min" : "–";

    private static string List(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", Invariant) ?? "–";
}
