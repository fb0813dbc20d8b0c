using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Journal;

/// <summary>A real silo restart on one SQLite file: runs and journals survive, an interrupted run resumes and ends as if never stopped.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_run_interrupted_by_a_restart_resumes_from_its_journal_and_ends_with_the_uninterrupted_digest()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string interrupted;
        JsonNode before;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            interrupted = await Runs.PlayWithInputsAsync(first.Http, finish: false); // paused at tick 14, inputs at ticks 5 and 12
            // An input accepted for the next tick, not yet applied when the silo stops: it must apply after the restart.
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Runs.ActAsync(first.Http, interrupted, "fraud-001", "acknowledge")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Runs.ActAsync(first.Http, interrupted, "fraud-001", "kill-switch")).StatusCode);
            before = await Runs.StatusAsync(first.Http, interrupted);
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var listed = (await Api.ReadJsonAsync(await second.Http.GetAsync("/api/runs"))).AsArray().Select(r => r!["id"]!.GetValue<string>());
        Assert.Contains(interrupted, listed);
        var resumed = await Runs.WaitAsync(second.Http, interrupted, st => st["jumpingTo"] is null, TimeSpan.FromMinutes(1), "back where it was");
        Assert.Equal(before["now"]!.GetValue<DateTimeOffset>(), resumed["now"]!.GetValue<DateTimeOffset>());
        Assert.Equal(before["digest"]!.GetValue<string>(), resumed["digest"]!.GetValue<string>());
        Assert.Equal("paused", resumed["state"]!.GetValue<string>()); // it was paused: it stays paused
        await second.Http.PostAsync($"/api/runs/{interrupted}/speed", Api.Body("{}"));
        var ended = await Runs.WaitForStateAsync(second.Http, interrupted, "finished", TimeSpan.FromMinutes(2));

        // The same run never interrupted, on the same host: same inputs at the same ticks.
        var whole = await Runs.PlayWithInputsAsync(second.Http, finish: false);
        await Runs.ActAsync(second.Http, whole, "fraud-001", "acknowledge");
        await Runs.ActAsync(second.Http, whole, "fraud-001", "kill-switch");
        await second.Http.PostAsync($"/api/runs/{whole}/speed", Api.Body("{}"));
        var reference = await Runs.WaitForStateAsync(second.Http, whole, "finished", TimeSpan.FromMinutes(2));

        Assert.Equal(reference["digest"]!.GetValue<string>(), ended["digest"]!.GetValue<string>());
        Assert.Equal(reference["transitions"]!.GetValue<int>(), ended["transitions"]!.GetValue<int>());
        var journal = await Runs.JournalAsync(second.Http, interrupted, limit: 1000);
        var reJournal = await Runs.JournalAsync(second.Http, whole, limit: 1000);
        Assert.Equal(reJournal.Select(Comparable), journal.Select(Comparable)); // nothing lost, nothing written twice
    }

    private static string Comparable(JsonNode e) =>
        $"{e["position"]}|{e["at"]}|{e["kind"]}|{e["target"]}|{e["by"]}|{e["from"]}|{e["detail"]}";
}
