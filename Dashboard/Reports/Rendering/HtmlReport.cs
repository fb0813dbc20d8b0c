using System.Net;
using System.Text;

namespace Fleet.Dashboard.Reports.Rendering;

/// <summary>
/// The postmortem as one self-contained HTML file: inline CSS, charts as inline SVG drawn here, no script and no
/// URL of any kind, and a Content-Security-Policy that forbids the file to load anything, so it opens offline.
/// </summary>
public static class HtmlReport
{
    /// <summary>What the file may load: nothing but its own inline style.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    public static string Render(Postmortem report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E(report.Title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(E(report.Title)).Append("</h1><p class=\"sub\">").Append(E(report.Subtitle)).Append("</p>\n<nav>");
        foreach (var s in report.Sections) html.Append("<a href=\"#").Append(E(s.Id)).Append("\">").Append(E(s.Title)).Append("</a> ");
        html.Append("</nav></header>\n<main>\n");
        foreach (var section in report.Sections)
        {
            html.Append("<section id=\"").Append(E(section.Id)).Append("\"><h2>").Append(E(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks) Block(html, block);
            html.Append("</section>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Block(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case Paragraph p:
                html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                break;
            case Bullets b:
                html.Append("<ul>");
                foreach (var item in b.Items) html.Append("<li>").Append(E(item)).Append("</li>");
                html.Append("</ul>\n");
                break;
            case Table t:
                html.Append("<table><thead><tr>");
                foreach (var h in t.Headers) html.Append("<th>").Append(E(h)).Append("</th>");
                html.Append("</tr></thead><tbody>");
                foreach (var row in t.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row) html.Append("<td>").Append(E(cell)).Append("</td>");
                    html.Append("</tr>");
                }
                html.Append("</tbody></table>\n");
                break;
            case Timeline timeline:
                html.Append("<table class=\"timeline\"><thead><tr><th>time (UTC)</th><th>event</th><th>evidence</th></tr></thead><tbody>");
                foreach (var l in timeline.Lines)
                {
                    html.Append("<tr class=\"k-").Append(Category(l.Kind)).Append("\"><td class=\"t\">").Append(ReportText.Time(l.At))
                        .Append("</td><td>").Append(E(l.Text)).Append("</td><td><a href=\"#").Append(MarkdownReport.Anchor(l.Evidence.Id)).Append("\">")
                        .Append(l.Evidence.Id).Append("</a></td></tr>");
                }
                html.Append("</tbody></table>\n");
                break;
            case EvidenceList evidence:
                html.Append("<dl class=\"evidence\">");
                foreach (var e in evidence.Items)
                    html.Append("<dt id=\"").Append(MarkdownReport.Anchor(e.Id)).Append("\">").Append(e.Id).Append(" <span>").Append(E(e.Source)).Append("</span></dt><dd>")
                        .Append(E(e.Text)).Append("</dd>");
                html.Append("</dl>\n");
                break;
            case ChartBlock chart:
                html.Append("<figure class=\"chart\"><figcaption>").Append(E(chart.Chart.Model)).Append("</figcaption>\n")
                    .Append(SvgChart.Render(chart.Chart)).Append("</figure>\n");
                break;
        }
    }

    /// <summary>The colour class of a timeline row: what set things off, a breach, an alert or page, an action, a recovery.</summary>
    private static string Category(TimelineKind kind) => kind switch
    {
        TimelineKind.Injection or TimelineKind.InjectionEnded => "cause",
        TimelineKind.FirstBreach or TimelineKind.Level => "breach",
        TimelineKind.Action or TimelineKind.Acknowledged => "action",
        TimelineKind.Recovery or TimelineKind.Resolved or TimelineKind.Mitigated or TimelineKind.AlertResolved => "recovery",
        _ => "alert",
    };

    /// <summary>HTML-encodes text for element content and attribute values.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
        header{background:#1d2733;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}
        .sub{margin:0 0 8px;color:#c9d3df}nav a{color:#9cc7ff;margin-right:10px;text-decoration:none}
        main{padding:8px 24px 40px;max-width:1200px}section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:4px 18px 14px;margin:14px 0}
        h2{font-size:17px;border-bottom:1px solid #eef1f4;padding-bottom:6px}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border-bottom:1px solid #eef1f4;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f2f4f7;font-weight:600}td.t{white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px}
        tr.k-cause td{background:#f3ecff}tr.k-breach td{background:#fff4e5}tr.k-alert td{background:#ffecec}
        tr.k-recovery td{background:#eaf8ee}tr.k-action td{background:#eaf2ff}
        dl.evidence dt{font-weight:600;margin-top:6px}dl.evidence dt span{font-weight:400;color:#66707c}dl.evidence dd{margin:0 0 0 18px;font-family:ui-monospace,monospace;font-size:12px}
        :target{outline:2px solid #f0a500}
        figure.chart{margin:10px 0 18px}figcaption{font-weight:600;margin-bottom:4px}
        svg text{font:11px system-ui,sans-serif;fill:#44505c}svg .axis{stroke:#c5ccd4}svg .line{fill:none;stroke-width:1.6}
        svg .limit{stroke:#d33;stroke-dasharray:4 3}svg .mark{stroke:#7a4fd0;stroke-dasharray:2 3}svg .mark-label{fill:#7a4fd0;font-size:9px}
        svg .level{fill:none;stroke:#c0392b;stroke-width:2}svg .band{fill:#f5b7b1}svg .band.firing{fill:#e74c3c}
        """;
}
