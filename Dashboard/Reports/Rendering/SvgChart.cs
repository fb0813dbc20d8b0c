using System.Globalization;
using System.Text;

namespace Fleet.Dashboard.Reports.Rendering;

/// <summary>
/// Draws one model's <see cref="ModelChart"/> as inline SVG: a strip per metric, the level as steps (1 at the top),
/// a row per alert band, and the timeline's marks as dashed verticals across all strips, on one time axis.
/// </summary>
public static class SvgChart
{
    private const double Width = 1000, Left = 150, Right = 20, Strip = 64, Gap = 14, BandRow = 14;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#d62728", "#2ca02c"];

    public static string Render(ModelChart chart)
    {
        var plotWidth = Width - Left - Right;
        var span = Math.Max(1, (chart.To - chart.From).TotalSeconds);
        double X(DateTimeOffset t) => Left + Math.Clamp((t - chart.From).TotalSeconds / span, 0, 1) * plotWidth;

        var svg = new StringBuilder();
        var y = 16.0;
        var body = new StringBuilder();
        for (var i = 0; i < chart.Metrics.Count; i++)
        {
            MetricStrip(body, chart.Metrics[i], Colours[i % Colours.Length], y, X);
            y += Strip + Gap;
        }
        LevelStrip(body, chart.Levels, chart.To, y, X);
        y += Strip + Gap;
        var bandTop = y;
        var rules = chart.Alerts.Select(a => a.Rule).Distinct(StringComparer.Ordinal).ToList();
        Text(body, 4, y + 10, rules.Count == 0 ? "alerts: none" : "alerts");
        foreach (var band in chart.Alerts)
        {
            var row = bandTop + rules.IndexOf(band.Rule) * BandRow;
            var x0 = X(band.From);
            var x1 = X(band.To ?? chart.To);
            body.Append(Fmt($"<rect class=\"band {band.State}\" x=\"{x0:0.#}\" y=\"{row:0.#}\" width=\"{Math.Max(1, x1 - x0):0.#}\" height=\"{BandRow - 3:0.#}\"><title>"))
                .Append(HtmlReport.E($"{band.Rule}: {ReportText.Time(band.From)} to {(band.To is { } to ? ReportText.Time(to) : "the end")} ({band.State})")).Append("</title></rect>");
        }
        for (var r = 0; r < rules.Count; r++) Text(body, 60, bandTop + r * BandRow + 10, rules[r]);
        y = bandTop + Math.Max(1, rules.Count) * BandRow + 20;
        var labelled = double.NegativeInfinity;
        foreach (var m in chart.Markers)
        {
            var x = X(m.At);
            var label = x - labelled >= 26; // marks closer than a label's width share the first one's
            if (label) labelled = x;
            body.Append(Fmt($"<line class=\"mark\" x1=\"{x:0.#}\" y1=\"12\" x2=\"{x:0.#}\" y2=\"{y - 18:0.#}\"><title>"))
                .Append(HtmlReport.E($"{m.EvidenceId} {m.Label} at {ReportText.Time(m.At)}")).Append("</title></line>");
            if (label) body.Append(Fmt($"<text class=\"mark-label\" x=\"{x + 2:0.#}\" y=\"10\">")).Append(m.EvidenceId).Append("</text>");
        }
        body.Append(Fmt($"<line class=\"axis\" x1=\"{Left}\" y1=\"{y - 16:0.#}\" x2=\"{Width - Right}\" y2=\"{y - 16:0.#}\"/>"));
        for (var k = 0; k <= 4; k++)
        {
            var at = chart.From + (chart.To - chart.From) * (k / 4.0);
            Text(body, X(at) - 14, y - 4, ReportText.Clock(at));
        }
        svg.Append(Fmt($"<svg class=\"model-chart\" data-model=\"")).Append(HtmlReport.E(chart.Model))
            .Append(Fmt($"\" width=\"{Width}\" height=\"{y:0.#}\" viewBox=\"0 0 {Width} {y:0.#}\" role=\"img\">"))
            .Append("<title>").Append(HtmlReport.E($"{chart.Model}: quality, latency, errors, fallback, level and alerts, {ReportText.Time(chart.From)} to {ReportText.Time(chart.To)}")).Append("</title>")
            .Append(body).Append("</svg>\n");
        return svg.ToString();
    }

    private static void MetricStrip(StringBuilder svg, ChartSeries series, string colour, double top, Func<DateTimeOffset, double> x)
    {
        var values = series.Points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        if (series.Limit is { } limit) values.Add(limit);
        var min = values.Count > 0 ? Math.Min(0, values.Min()) : 0;
        var max = values.Count > 0 ? values.Max() : 1;
        if (max <= min) max = min + 1;
        double Y(double v) => top + Strip - (v - min) / (max - min) * Strip;
        svg.Append(Fmt($"<g class=\"metric\" data-series=\"")).Append(HtmlReport.E(series.Name)).Append("\">");
        Text(svg, 4, top + 12, series.Name);
        Text(svg, 4, top + 26, values.Count == 0 ? "no data" : $"max {ReportText.Number(max, "0.####")}");
        svg.Append(Fmt($"<line class=\"axis\" x1=\"{Left}\" y1=\"{top + Strip:0.#}\" x2=\"{Width - Right}\" y2=\"{top + Strip:0.#}\"/>"));
        if (series.Limit is { } l)
            svg.Append(Fmt($"<line class=\"limit\" x1=\"{Left}\" y1=\"{Y(l):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(l):0.#}\"><title>limit {l:0.###}</title></line>"));
        var run = new List<string>();
        void Flush()
        {
            if (run.Count == 1) svg.Append(Fmt($"<circle cx=\"{run[0].Split(',')[0]}\" cy=\"{run[0].Split(',')[1]}\" r=\"2\" fill=\"{colour}\"/>"));
            else if (run.Count > 1) svg.Append(Fmt($"<polyline class=\"line\" stroke=\"{colour}\" points=\"{string.Join(' ', run)}\"/>"));
            run.Clear();
        }
        foreach (var (at, value) in series.Points)
        {
            if (value is { } v) run.Add(Fmt($"{x(at):0.#},{Y(v):0.#}"));
            else Flush();
        }
        Flush();
        svg.Append("</g>");
    }

    private static void LevelStrip(StringBuilder svg, IReadOnlyList<(DateTimeOffset At, int Level)> levels, DateTimeOffset end, double top, Func<DateTimeOffset, double> x)
    {
        double Y(int level) => top + (level - 1) / 4.0 * Strip;
        svg.Append("<g class=\"metric\" data-series=\"level\">");
        Text(svg, 4, top + 12, "level (1 top, 5 bottom)");
        svg.Append(Fmt($"<line class=\"axis\" x1=\"{Left}\" y1=\"{top + Strip:0.#}\" x2=\"{Width - Right}\" y2=\"{top + Strip:0.#}\"/>"));
        var path = new StringBuilder();
        for (var i = 0; i < levels.Count; i++)
        {
            var (at, level) = levels[i];
            var next = i + 1 < levels.Count ? levels[i + 1].At : end;
            path.Append(Fmt($"{(i == 0 ? "M" : "L")}{x(at):0.#},{Y(level):0.#} L{x(next):0.#},{Y(level):0.#} "));
        }
        if (path.Length > 0) svg.Append(Fmt($"<path class=\"level\" d=\"{path.ToString().Trim()}\"/>"));
        svg.Append("</g>");
    }

    private static void Text(StringBuilder svg, double x, double y, string text) =>
        svg.Append(Fmt($"<text x=\"{x:0.#}\" y=\"{y:0.#}\">")).Append(HtmlReport.E(text)).Append("</text>");

    private static string Fmt(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
