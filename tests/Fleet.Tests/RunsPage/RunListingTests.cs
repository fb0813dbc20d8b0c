using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using RunsOverHttp = Fleet.Tests.Journal.Runs;
using Fleet.Tests.Storage;
using Fleet.Tests.Worlds;

namespace Fleet.Tests.RunsPage;

/// <summary>GET /api/runs after a real silo restart: an ended run's figures the journal does not hold are null, never a false 0.</summary>
public sealed class RunListingTests
{
    [Fact]
    public async Task An_ended_run_listed_after_a_restart_has_no_false_zero_events_or_transitions()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string run;
        JsonNode hosted;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            run = await RunsOverHttp.StartAsync(first.Http, new JsonObject { ["scenario"] = WorldScenarios.Outage });
            await RunsOverHttp.WaitForStateAsync(first.Http, run, "finished", TimeSpan.FromMinutes(2));
            hosted = await ListedAsync(first.Http, run);
            Assert.True(hosted["events"]!.GetValue<long>() > 0);
            Assert.True(hosted["transitions"]!.GetValue<int>() > 0);
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var listed = await ListedAsync(second.Http, run);
        Assert.Equal("finished", listed["state"]!.GetValue<string>());
        Assert.Equal(hosted["digest"]!.GetValue<string>(), listed["digest"]!.GetValue<string>());
        Assert.Null(listed["events"]);
        Assert.Null(listed["transitions"]);
    }

    private static async Task<JsonNode> ListedAsync(HttpClient http, string run) =>
        (await Api.ReadJsonAsync(await http.GetAsync("/api/runs"))).AsArray().Single(r => r!["id"]!.GetValue<string>() == run)!;
}
