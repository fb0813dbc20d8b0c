using System.Text;

namespace Fleet.Dashboard.Reports.Rendering;

/// <summary>The postmortem as Markdown: tables for figures and the timeline, each timeline line linking to its evidence anchor.</summary>
public static class MarkdownReport
{
    public static string Render(Postmortem report)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(report.Title)).Append("\n\n");
        md.Append('_').Append(Escape(report.Subtitle)).Append("_\n\n");
        foreach (var section in report.Sections)
        {
            md.Append("## ").Append(Escape(section.Title)).Append("\n\n");
            foreach (var block in section.Blocks) Block(md, block);
        }
        return md.ToString();
    }

    /// <summary>The anchor an evidence id is found under ("E3" -> "e3"), the same in both renderings.</summary>
    public static string Anchor(string evidenceId) => evidenceId.ToLowerInvariant();

    private static void Block(StringBuilder md, ReportBlock block)
    {
        switch (block)
        {
            case Paragraph p:
                md.Append(Escape(p.Text)).Append("\n\n");
                break;
            case Bullets b:
                foreach (var item in b.Items) md.Append("- ").Append(Escape(item)).Append('\n');
                md.Append('\n');
                break;
            case Table t:
                TableRows(md, t.Headers, t.Rows.Select(r => r.Select(Escape).ToList()));
                break;
            case Timeline timeline:
                TableRows(md, ["time (UTC)", "event", "evidence"],
                    timeline.Lines.Select(l => (IReadOnlyList<string>)[ReportText.Time(l.At), Escape(l.Text), $"[{l.Evidence.Id}](#{Anchor(l.Evidence.Id)})"]));
                break;
            case EvidenceList evidence:
                foreach (var e in evidence.Items)
                    md.Append("- <a id=\"").Append(Anchor(e.Id)).Append("\"></a>**").Append(e.Id).Append("** (").Append(Escape(e.Source)).Append("): ")
                        .Append(Escape(e.Text)).Append('\n');
                md.Append('\n');
                break;
            case ChartBlock chart:
                Chart(md, chart.Chart);
                break;
        }
    }

    /// <summary>Markdown has no charts: it says what the HTML chart of this model draws.</summary>
    private static void Chart(StringBuilder md, ModelChart c)
    {
        md.Append("### ").Append(Escape(c.Model)).Append("\n\n");
        md.Append(Escape($"{ReportText.Time(c.From)} to {ReportText.Time(c.To)}, {c.Resolution}; levels {string.Join(" -> ", c.Levels.Select(l => $"{l.Level} at {ReportText.Clock(l.At)}"))}; "
            + $"alerts: {(c.Alerts.Count == 0 ? "none" : string.Join(", ", c.Alerts.Select(a => $"{a.Rule} ({a.State})")))}; marks: {string.Join(", ", c.Markers.Select(m => m.EvidenceId))}."))
            .Append("\n\n");
    }

    private static void TableRows(StringBuilder md, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.Append("| ").Append(string.Join(" | ", headers.Select(Escape))).Append(" |\n");
        md.Append('|').Append(string.Concat(headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in rows) md.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        md.Append('\n');
    }

    /// <summary>Text from models, operators and rules is data, never Markdown or HTML: its special characters are escaped and lines joined.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is '\r' or '\n') { escaped.Append(' '); continue; }
            // '>' only quotes at a line's start, where no escaped text goes; '<' and '&' would open HTML.
            if (ch is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '|' or '#' or '&') escaped.Append('\\');
            escaped.Append(ch);
        }
        return escaped.ToString();
    }
}
