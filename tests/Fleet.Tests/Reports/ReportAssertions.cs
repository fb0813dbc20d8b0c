using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Dashboard.Reports;

namespace Fleet.Tests.Reports;

/// <summary>Reads figures and links back out of a rendered Markdown report.</summary>
internal static partial class ReportAssertions
{
    /// <summary>The value of an impact row ("| level transitions | 1,234 |") as a number.</summary>
    public static long Figure(string markdown, string figure)
    {
        var match = Regex.Match(markdown, $@"^\| {Regex.Escape(figure)} \| ([0-9,]+) \|$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no impact row '{figure}'");
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>The value of an impact row as written ("12 of 3,400").</summary>
    public static string FigureText(string markdown, string figure)
    {
        var match = Regex.Match(markdown, $@"^\| {Regex.Escape(figure)} \| ([^|]+) \|$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no impact row '{figure}'");
        return match.Groups[1].Value;
    }

    /// <summary>Every evidence link of the timeline has its anchor, and every timeline line one link.</summary>
    public static void LinksResolve(string markdown, int lines)
    {
        var links = EvidenceLink().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        var anchors = Anchor().Matches(markdown).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(lines, links.Count);
        Assert.All(links, l => Assert.Contains(l, anchors));
    }

    /// <summary>The timeline's lines, as the report holds them.</summary>
    public static IReadOnlyList<TimelineLine> TimelineOf(Postmortem report) =>
        report.Section(PostmortemBuilder.TimelineId)!.Blocks.OfType<Timeline>().Single().Lines;

    [GeneratedRegex(@"\| \[E\d+\]\(#(e\d+)\) \|")]
    private static partial Regex EvidenceLink();

    [GeneratedRegex(@"<a id=""(e\d+)""></a>")]
    private static partial Regex Anchor();
}

/// <summary>Keeps the reports the tests wrote under TestResults/reports at the repository root, for a reader to open.</summary>
internal static class SavedReports
{
    public static string Save(string name, string markdown, string html)
    {
        var dir = Path.Combine(Fleet.Tests.Scenarios.ShippedScenarioTests.Root(), "TestResults", "reports");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".md"), markdown);
        var path = Path.Combine(dir, name + ".html");
        File.WriteAllText(path, html);
        return path;
    }
}
