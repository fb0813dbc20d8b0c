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
    public async Task An_ended_run_s_report_after_a_restart_is_the_report_before_it_models_and_events_included()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string id, before;
        System.Text.Json.Nodes.JsonNode summary;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            id = await JournalRuns.PlayWithInputsAsync(first.Http); // a kill-switch from the CLI at tick 5, an injection from the page at tick 12
            before = await first.Http.GetStringAsync($"/api/runs/{id}/report?format=md");
            summary = await Api.ReadJsonAsync(await first.Http.GetAsync($"/api/runs/{id}/summary"));
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var answer = await second.Http.GetAsync($"/api/runs/{id}/report?format=md");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var after = await answer.Content.ReadAsStringAsync();

        // Models and events too: the run journaled its figures when it ended (RunFigures), so nothing of the report is lost.
        Assert.Equal(before, after);
        Assert.DoesNotContain(ImpactSection.NotJournaled, after);
        Assert.Equal(summary["events"]!.GetValue<long>(), Figure(after, "events generated"));
        Assert.Equal(summary["models"]!.GetValue<long>(), Figure(after, "models in the run"));
        Assert.True(Figure(after, "level transitions") > 0, "the run moved no model");
        Assert.Contains("Injection manual-1 starts", after);
        Assert.Contains("kill-switch on credit-001, because", after);
        Assert.Contains("(from cli)", after);
        Assert.Matches(@"\| Injection manual-1 starts: latency-spike .*\(from page\) \|", after);
        Assert.Contains(" injection manual-1 by trainer: latency-spike", after); // its evidence names who injected it
    }
}
