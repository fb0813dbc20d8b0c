using System.Net;
using Fleet.Dashboard.Reports.Sections;
using Fleet.Tests.Core;
using JournalRuns = Fleet.Tests.Journal.Runs;
using Fleet.Tests.Storage;
using static Fleet.Tests.Reports.ReportAssertions;

namespace Fleet.Tests.Reports.FromJournal;

/// <summary>A run's report is read from its durable journal: a real silo restart on one SQLite file does not lose it.</summary>
public sealed class ReportAfterRestartTests
{
    [Fact]
    public async Task An_ended_run_s_report_after_a_restart_is_the_report_before_it_but_for_the_figures_only_the_playing_run_knew()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string id, before;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            id = await JournalRuns.PlayWithInputsAsync(first.Http); // a kill-switch from the CLI at tick 5, an injection from the page at tick 12
            before = await first.Http.GetStringAsync($"/api/runs/{id}/report?format=md");
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var answer = await second.Http.GetAsync($"/api/runs/{id}/report?format=md");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var after = await answer.Content.ReadAsStringAsync();

        Assert.Contains("| events generated | ", before);
        Assert.DoesNotContain(ImpactSection.NotJournaled, before);
        Assert.Contains($"| events generated | {ImpactSection.NotJournaled} |", after);
        Assert.Contains($"| models in the run | {ImpactSection.NotJournaled} |", after);
        Assert.True(Figure(after, "level transitions") > 0, "the run moved no model");
        Assert.Contains("Injection manual-1 starts", after);
        Assert.Contains("kill-switch on credit-001, because", after);
        Assert.Contains("(from cli)", after);
        Assert.Matches(@"\| Injection manual-1 starts: latency-spike .*\(from page\) \|", after);
        Assert.Contains(" injection manual-1 by trainer: latency-spike", after); // its evidence names who injected it
        // Everything else, timeline, evidence, alerts, incidents and charts included, is the same report.
        Assert.Equal(WithoutPlayingFigures(before), WithoutPlayingFigures(after));
    }

    /// <summary>The report without its summary paragraph and the impact rows only the playing run knows.</summary>
    private static string WithoutPlayingFigures(string markdown)
    {
        var lines = markdown.Split('\n').ToList();
        var summary = lines.FindIndex(l => l.StartsWith("## Summary", StringComparison.Ordinal));
        var next = lines.FindIndex(summary + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        lines.RemoveRange(summary, next - summary);
        return string.Join('\n', lines.Where(l => !l.StartsWith("| events generated |", StringComparison.Ordinal)
            && !l.StartsWith("| models in the run |", StringComparison.Ordinal)));
    }
}
