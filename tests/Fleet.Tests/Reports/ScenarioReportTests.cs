using System.Globalization;
using Fleet.Dashboard.Reports;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Dashboard.Reports.Sections;
using Fleet.Tests.Scenarios;
using static Fleet.Tests.Reports.ReportAssertions;

namespace Fleet.Tests.Reports;

/// <summary>
/// A report for every shipped scenario's run: its timeline holds the injections, first breaches, alerts, incident
/// milestones and actions, in time order, each linked to its evidence; its numbers are the run summary's.
/// Split over two classes so xunit runs them on both cores.
/// </summary>
public abstract class ScenarioReportTests
{
    public static TheoryData<string> Half(int parity) => [.. ShippedScenarioTests.Files().Where((_, i) => i % 2 == parity)];

    protected static async Task Report_holds_the_run(string name)
    {
        var run = await PlainRun.PlayAsync(name);
        var summary = run.Summary;
        var report = PostmortemBuilder.Build(run.Facts);
        var markdown = MarkdownReport.Render(report);
        var lines = TimelineOf(report);
        SavedReports.Save(name, markdown, HtmlReport.Render(report));

        Assert.All(lines.Zip(lines.Skip(1)), p => Assert.True(p.First.At <= p.Second.At, $"{p.First.Text} after {p.Second.Text}"));
        Assert.Equal(lines.Select(l => ReportText.Time(l.At)), TimelineTimes(markdown));
        LinksResolve(markdown, lines.Count);

        var injections = summary.Journal.Where(e => e.Kind == "injection").ToList();
        Assert.NotEmpty(injections);
        Assert.Equal(injections.Select(e => (e.At, e.Target)).OrderBy(i => i.At).ThenBy(i => i.Target, StringComparer.Ordinal),
            lines.Where(l => l.Kind == TimelineKind.Injection)
                .Select(l => (l.At, injections.Single(e => e.At == l.At && l.Text.StartsWith($"Injection {e.Target} starts:", StringComparison.Ordinal)).Target))
                .OrderBy(i => i.At).ThenBy(i => i.Target, StringComparer.Ordinal));

        // Each model's first breach, action and alert is on a line of its own kind naming it, in the minute it happened
        // (the same thing on many models within a minute is one line naming them all, at the first one's time).
        var firstBreaches = summary.Transitions.Where(t => t.To > t.From).GroupBy(t => t.Model).Select(g => g.MinBy(t => t.At)!).ToList();
        var breachLines = lines.Where(l => l.Kind == TimelineKind.FirstBreach).ToList();
        Assert.All(firstBreaches, b => Assert.Contains(breachLines, l => Covers(l, b.At, b.Model)));
        Assert.Equal(firstBreaches.Count, breachLines.Sum(l => l.Models.Count));

        var journaled = summary.Journal.Where(e => e.Kind is not ("injection" or "injection-ended")).ToList();
        var actionLines = lines.Where(l => l.Kind == TimelineKind.Action).ToList();
        Assert.All(journaled, e => Assert.Contains(actionLines, l => Covers(l, e.At, e.Target) && l.Text.StartsWith($"{e.By}: {e.Kind} on ", StringComparison.Ordinal)));
        Assert.Equal(journaled.Count, actionLines.Sum(l => l.Models.Count));

        var raised = run.Facts.Alerts.Where(a => a.ActiveSince is not null).ToList();
        Assert.All(raised, a => Assert.Contains(lines, l => l.Kind == TimelineKind.AlertActive && Covers(l, a.ActiveSince!.Value, a.Model) && l.Text.Contains($"Alert {a.Rule} on ")));
        Assert.Equal(run.Facts.Incidents.Count, lines.Count(l => l.Kind == TimelineKind.Detected));
        if (summary.Transitions.Any(t => t.To >= 3)) Assert.NotEmpty(run.Facts.Incidents); // a fallback always pages

        Assert.Equal(summary.Models, Figure(markdown, "models in the run"));
        Assert.Equal(summary.Events, Figure(markdown, "events generated"));
        Assert.Equal(summary.Ticks, Figure(markdown, "ticks played"));
        Assert.Equal(summary.Transitions.Count, Figure(markdown, "level transitions"));
        Assert.Equal(injections.Count, Figure(markdown, "injections"));
        Assert.Equal(run.Facts.Incidents.Count, Figure(markdown, "incidents"));
        Assert.Equal(summary.FinalLevels.Count(l => l.Value > 1), Figure(markdown, "models not at full AI at the end"));
        // The simulator's truth of the whole run, as its ledger counted it (and journaled it when the run stopped).
        var truth = run.Impact.Total;
        Assert.True(truth.Predictions > 0);
        Assert.Equal(truth.Degraded, Figure(markdown, ImpactSection.ServedDegraded));
        Assert.Equal(truth.Wrong, Figure(markdown, ImpactSection.ServedWrong));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{truth.UsersAffected:N0} of {run.Impact.Users:N0}"), FigureText(markdown, ImpactSection.UsersAffected));
        Assert.Equal(run.Impact.Models.Values.Sum(m => m.UsersAffected), truth.UsersAffected);
        Assert.InRange(truth.UsersAffected, 1, run.Impact.Users);

        var charted = report.Section(ChartsSection.Id)!.Blocks.OfType<ChartBlock>().Count();
        var affected = new ReportScope(run.Facts).Affected.Count(run.Facts.Models.ContainsKey);
        Assert.Equal(Math.Min(ChartsSection.MaxCharts, affected), charted);
        if (summary.Transitions.Count > 0) Assert.True(charted > 0, "no chart of a run whose models moved");
        Assert.Equal(charted, CountOf(HtmlReport.Render(report), "<svg class=\"model-chart\""));
    }

    private static bool Covers(TimelineLine line, DateTimeOffset at, string model) =>
        line.Models.Contains(model) && line.At <= at && line.At.UtcTicks / TimeSpan.TicksPerMinute == at.UtcTicks / TimeSpan.TicksPerMinute;

    private static IEnumerable<string> TimelineTimes(string markdown) =>
        markdown.Split('\n').SkipWhile(l => !l.StartsWith("## Timeline", StringComparison.Ordinal)).Skip(4)
            .TakeWhile(l => l.StartsWith("| 2", StringComparison.Ordinal)).Select(l => l.Split(" | ")[0][2..]);

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}

public sealed class ScenarioReportsEven : ScenarioReportTests
{
    public static TheoryData<string> Names => Half(0);

    [Theory, MemberData(nameof(Names))]
    public Task Report_of_the_run_holds_its_timeline_in_order_and_the_summary_s_numbers(string name) => Report_holds_the_run(name);
}

public sealed class ScenarioReportsOdd : ScenarioReportTests
{
    public static TheoryData<string> Names => Half(1);

    [Theory, MemberData(nameof(Names))]
    public Task Report_of_the_run_holds_its_timeline_in_order_and_the_summary_s_numbers(string name) => Report_holds_the_run(name);
}

public sealed class ReportDeterminismTests
{
    [Fact]
    public async Task The_same_run_gives_the_same_markdown_and_html_under_any_culture()
    {
        var first = PostmortemBuilder.Build((await PlainRun.PlayAsync("upstream-outage")).Facts);
        var again = (await PlainRun.PlayAsync("upstream-outage")).Facts;
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var second = PostmortemBuilder.Build(again);
            Assert.Equal(MarkdownReport.Render(first), MarkdownReport.Render(second));
            Assert.Equal(HtmlReport.Render(first), HtmlReport.Render(second));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        // A plain run has no exercise section (an exercise team's has: ExerciseReportTests).
        Assert.Null(first.Section(ExerciseSection.Id));
    }
}
