using Fleet.Monitoring.Alerts;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Charts of the most affected models around the incident: quality, latency P95, error and fallback rates from the
/// finest window buckets there are (a coarser window's before the finest begins), the level as steps, alert
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

    /// <summary>A window bucket: its start, width and figures.</summary>
    public readonly record struct Bucket(DateTimeOffset Start, TimeSpan Width, WindowMetrics Metrics)
    {
        public DateTimeOffset Middle => Start + Width / 2;
    }

    /// <summary>
    /// The model's buckets overlapping [from, to], finest first: every bucket of its finest series, and before that
    /// series begins, the coarser series' buckets that end before it (no request is counted twice).
    /// </summary>
    public static IReadOnlyList<Bucket> Buckets(ReportScope scope, string model, DateTimeOffset from, DateTimeOffset to)
    {
        if (!scope.Facts.Models.TryGetValue(model, out var facts)) return [];
        var buckets = new List<Bucket>();
        DateTimeOffset? finerStart = null;
        foreach (var series in facts.Series.Where(s => s.Points.Count > 0).OrderBy(s => s.BucketWidth))
        {
            var taken = series.Points.Where(p => finerStart is null || p.Start + series.BucketWidth <= finerStart)
                .Select(p => new Bucket(p.Start, series.BucketWidth, p.Metrics)).ToList();
            buckets.AddRange(taken);
            if (series.Points.Count > 0) finerStart = finerStart is { } f && f < series.Points[0].Start ? f : series.Points[0].Start;
        }
        return buckets.Where(b => b.Start + b.Width > from && b.Start <= to).OrderBy(b => b.Start).ToList();
    }

    private static ModelChart Chart(ReportScope scope, string model)
    {
        var from = scope.From - Margin;
        var to = scope.To + Margin;
        var buckets = Buckets(scope, model, from, to);
        if (buckets.Count > 0)
        {
            from = buckets[0].Start < from ? buckets[0].Start : from;
            to = buckets[^1].Start + buckets[^1].Width > to ? buckets[^1].Start + buckets[^1].Width : to;
        }
        var snapshot = scope.Facts.Models[model].Snapshot;
        var latencyLimit = snapshot.Definition.Thresholds.Required(Fleet.Catalogue.ThresholdCatalogue.LatencyP95).Value;
        var metrics = new List<ChartSeries>
        {
            Line("quality", buckets, m => m.Quality),
            Line("latency P95 (ms)", buckets, m => m.LatencyP95, latencyLimit),
            Line("error rate", buckets, m => m.ErrorRate is { } e ? e + (m.TimeoutRate ?? 0) : null),
            Line("fallback rate", buckets, m => m.FallbackRate is { } f ? f + (m.DegradedShare ?? 0) : m.DegradedShare),
        };
        return new ModelChart(model, from, to, Resolution(buckets), metrics, Levels(scope, model, from), Bands(scope, model),
            scope.Timeline.Where(l => Mentions(l, model) && l.At >= from && l.At <= to)
                .Select(l => new ChartMarker(l.At, l.Kind.ToString(), l.Evidence.Id)).ToList());
    }

    /// <summary>"1m buckets", or "1h buckets until 00:30, then 1m" when the finest window does not reach back far enough.</summary>
    private static string Resolution(IReadOnlyList<Bucket> buckets)
    {
        if (buckets.Count == 0) return "no window bucket covers this span";
        var parts = new List<string>();
        foreach (var run in buckets.GroupBy(b => b.Width).OrderByDescending(g => g.Key))
            parts.Add(parts.Count == 0 ? $"{ReportText.Duration(run.Key)} buckets" : $"then {ReportText.Duration(run.Key)} from {ReportText.Clock(run.Min(b => b.Start))}");
        return string.Join(", ", parts);
    }

    private static ChartSeries Line(string name, IReadOnlyList<Bucket> buckets, Func<WindowMetrics, double?> value, double? limit = null) =>
        new(name, buckets.Select(b => (b.Middle, value(b.Metrics))).ToList(), limit);

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
