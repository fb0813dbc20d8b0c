namespace Fleet.Dashboard.Reports;

/// <summary>
/// A postmortem draft, independent of its format: sections of blocks, each timeline line pointing at its evidence.
/// Markdown and HTML are renderings of it (<see cref="Rendering.MarkdownReport"/>, <see cref="Rendering.HtmlReport"/>).
/// </summary>
public sealed record Postmortem(string Title, string Subtitle, IReadOnlyList<ReportSection> Sections)
{
    public ReportSection? Section(string id) => Sections.FirstOrDefault(s => s.Id == id);
}

/// <summary>One section (summary, impact, timeline...): an anchor id, a heading and its blocks in order.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>A piece of a section; each renderer knows every kind.</summary>
public abstract record ReportBlock;

public sealed record Paragraph(string Text) : ReportBlock;

public sealed record Bullets(IReadOnlyList<string> Items) : ReportBlock;

public sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>The UTC timeline; each line links to its <see cref="Evidence"/> in the evidence section.</summary>
public sealed record Timeline(IReadOnlyList<TimelineLine> Lines) : ReportBlock;

/// <summary>The evidence behind the timeline, one entry per line, under the anchor the line links to.</summary>
public sealed record EvidenceList(IReadOnlyList<Evidence> Items) : ReportBlock;

/// <summary>A model's charts around the incident, drawn server-side as SVG in HTML (Markdown lists what they show).</summary>
public sealed record ChartBlock(ModelChart Chart) : ReportBlock;

/// <summary>What a timeline line is; the order also breaks ties between lines at the same instant.</summary>
public enum TimelineKind
{
    Injection,
    ImpactStarted,
    FirstBreach,
    Level,
    AlertActive,
    AlertFiring,
    Detected,
    Page,
    Acknowledged,
    Action,
    Mitigated,
    AlertResolved,
    Recovery,
    Resolved,
    InjectionEnded,
}

/// <summary>One line of the timeline: when (UTC, event time), what, the models it is about, and the evidence it rests on.</summary>
/// <param name="Models">The models the line is about (several when the same thing happened to many within a minute); empty for fleet-wide lines.</param>
public sealed record TimelineLine(DateTimeOffset At, TimelineKind Kind, string Text, Evidence Evidence, IReadOnlyList<string> Models);

/// <summary>The fact behind a line: the metric value, the alert, the journal or audit entry, the notification.</summary>
/// <param name="Id">The anchor ("E3") the timeline links to.</param>
/// <param name="Source">Where the fact comes from: "level history", "alert book", "run journal", "audit trail", "notifications", "incident".</param>
public sealed record Evidence(string Id, string Source, string Text);

/// <summary>A series of values over time (null where a bucket had nothing to compute from).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(DateTimeOffset At, double? Value)> Points, double? Limit = null);

/// <summary>An alert's active span on the chart: from its condition holding to its resolution (or the chart's end).</summary>
public sealed record AlertBand(string Rule, DateTimeOffset From, DateTimeOffset? To, string State);

/// <summary>A timeline event marked on the chart's time axis, numbered as its evidence.</summary>
public sealed record ChartMarker(DateTimeOffset At, string Label, string EvidenceId);

/// <summary>Everything drawn for one model: its metrics (quality, latency, errors, fallback), level steps, alert bands and markers.</summary>
public sealed record ModelChart(
    string Model,
    DateTimeOffset From,
    DateTimeOffset To,
    /// <summary>The width of the buckets drawn, in words.</summary>
    string Resolution,
    IReadOnlyList<ChartSeries> Metrics,
    IReadOnlyList<(DateTimeOffset At, int Level)> Levels,
    IReadOnlyList<AlertBand> Alerts,
    IReadOnlyList<ChartMarker> Markers);
