using Fleet.Monitoring.Alerts;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Charts of the most affected models around the incident: quality, latency P95, error and fallback rates from the
/// finest window series that reaches back to the report's start (else the longest), the level as steps, alert
/// states as bands, and the timeline's events of that model as numbered markers.
/// </summary>
public static class ChartsSection
{
    public const string Id = "charts";

    /// <summary>At most this many models are charted, the worst first; the report says how many were left out.</summary>
    public const int MaxCharts = 6;

    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(10);

    public static ReportSection Build(ReportScope scope)
    {
        var charted = scope.Affected.Where(m => scope.Facts.Models.ContainsKey(m)).Take(MaxCharts).ToList();
        var blocks = new List<ReportBlock>
        {
            new Paragraph(charted.Count == 0 ? "No affected model to chart."
                : $"{charted.Count} of {scope.Affected.Count} affected model(s), the worst first. Numbered marks are timeline lines (their evidence ids); shaded bands are alerts from becoming active to resolving."),
        };
        blocks.AddRange(charted.Select(m => new ChartBlock(Chart(scope, m))));
        return new ReportSection(Id, "Charts", blocks);
    }

    /// <summary>The finest of the model's series whose first bucket starts at or before the report's start; else the coarsest.</summary>
    public static ModelSeries? SeriesFor(ReportScope scope, string model)
    {
        if (!scope.Facts.Models.TryGetValue(model, out var facts) || facts.Series.Count == 0) return null;
        var ordered = facts.Series.Where(s => s.Points.Count > 0).OrderBy(s => s.BucketWidth).ToList();
        return ordered.FirstOrDefault(s => s.Points[0].Start <= scope.From - Margin) ?? ordered.LastOrDefault();
    }

    private static ModelChart Chart(ReportScope scope, string model)
    {
        var from = scope.From - Margin;
        var to = scope.To + Margin;
        var series = SeriesFor(scope, model);
        var points = series?.Points.Where(p => p.Start + series.BucketWidth > from && p.Start <= to).ToList() ?? [];
        if (points.Count > 0)
        {
            from = points[0].Start < from ? points[0].Start : from;
            to = points[^1].Start + series!.BucketWidth > to ? points[^1].Start + series.BucketWidth : to;
        }
        var snapshot = scope.Facts.Models[model].Snapshot;
        var latencyLimit = snapshot.Definition.Thresholds.LatencyP95Ms.Value;
        var metrics = new List<ChartSeries>
        {
            Line("quality", points, m => m.Quality),
            Line("latency P95 (ms)", points, m => m.LatencyP95, latencyLimit),
            Line("error rate", points, m => m.ErrorRate is { } e ? e + (m.TimeoutRate ?? 0) : null),
            Line("fallback rate", points, m => m.FallbackRate is { } f ? f + (m.DegradedShare ?? 0) : m.DegradedShare),
        };
        return new ModelChart(model, from, to, series?.BucketWidth ?? TimeSpan.Zero, metrics, Levels(scope, model, from), Bands(scope, model),
            scope.Timeline.Where(l => Mentions(l, model) && l.At >= from && l.At <= to)
                .Select(l => new ChartMarker(l.At, l.Kind.ToString(), l.Evidence.Id)).ToList());
    }

    private static ChartSeries Line(string name, List<SeriesPoint> points, Func<WindowMetrics, double?> value, double? limit = null) =>
        new(name, points.Select(p => (p.Start, value(p.Metrics))).ToList(), limit);

    /// <summary>The level as steps: where it stood at the chart's start, then each transition.</summary>
    private static List<(DateTimeOffset At, int Level)> Levels(ReportScope scope, string model, DateTimeOffset from)
    {
        var moves = scope.Transitions.Where(t => t.Model == model).OrderBy(t => t.At).ToList();
        var before = moves.LastOrDefault(t => t.At <= from);
        var start = before?.To ?? moves.FirstOrDefault()?.From ?? 1;
        return [(from, start), .. moves.Where(t => t.At > from).Select(t => (t.At, t.To))];
    }

    private static List<AlertBand> Bands(ReportScope scope, string model) =>
        scope.RaisedAlerts.Where(a => a.Model == model && a.ActiveSince is not null)
            .OrderBy(a => a.ActiveSince).ThenBy(a => a.Rule, StringComparer.Ordinal)
            .Select(a => new AlertBand(a.Rule, a.ActiveSince!.Value, a.State == AlertState.Resolved ? a.Since : null, a.State.ToString().ToLowerInvariant()))
            .ToList();

    private static bool Mentions(TimelineLine line, string model) =>
        line.Models.Contains(model) || line.Kind is TimelineKind.Injection or TimelineKind.InjectionEnded;
}
