using System.Globalization;
using System.Text;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Api;

/// <summary>A review as a Markdown document: one section per model, its dimensions as a table, then issues and actions.</summary>
public static class ReviewMarkdown
{
    public static string Render(ReviewPeriod period, string? team, string? owner, IReadOnlyList<ModelReview> reviews)
    {
        var title = period == ReviewPeriod.Weekly ? "Weekly model review" : "Monthly KPI review";
        var scope = team is not null ? $"team {team}" : owner is not null ? $"owner {owner}" : "the fleet";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {title}: {Cell(scope)}\n\n{reviews.Count} model(s); each period against the one before.\n");
        foreach (var r in reviews)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n## {Cell(r.Name)} ({Cell(r.Id)}), version {Cell(r.Version)}\n\nOwner {Cell(r.Owner ?? "none")}, team {Cell(r.Team ?? "none")}, level {(int)r.Level} ({r.Level.Describe()}), {Time(r.From)} to {Time(r.To)}.\n\n");
            text.Append("| dimension | measure | this period | period before | trend |\n| --- | --- | ---: | ---: | --- |\n");
            foreach (var l in r.Lines)
                text.Append(CultureInfo.InvariantCulture, $"| {l.Dimension} | {Cell(l.Measure)} | {Number(l.Measure, l.Current)} | {Number(l.Measure, l.Previous)} | {l.Trend} |\n");
            text.Append("\nOpen issues: ").Append(r.OpenIssues.Count == 0 ? "none" : string.Join("; ", r.OpenIssues.Select(Cell))).Append('\n');
            text.Append("\nActions taken: ").Append(r.Actions.Count == 0 ? "none" : string.Join("; ",
                r.Actions.Select(a => $"{Time(a.At)} {Cell(a.Action)} by {Cell(a.By)}: {Cell(a.Reason)}"))).Append('\n');
        }
        return text.ToString();
    }

    // Rates and shares as percentages, the rest as numbers; "–" for a period without the figure.
    private static string Number(string measure, double? v) => v is not { } x ? "–"
        : measure is "predictions" ? x.ToString("N0", CultureInfo.InvariantCulture)
        : measure.EndsWith("rate", StringComparison.Ordinal) || measure is "sentiment" or "accuracy" or "precision" or "recall" or "relevance"
            || measure.StartsWith("largest", StringComparison.Ordinal) || measure is "return on cost"
            ? (x * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
            : x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "–";

    // Names come from registrations: keep them from breaking the table or adding markup.
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ").Replace("<", "&lt;");
}
