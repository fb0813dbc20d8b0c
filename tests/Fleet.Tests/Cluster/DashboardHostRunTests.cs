using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using RunApi = Fleet.Tests.Journal.Runs;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Operations: PostgreSQL cluster", the dashboard-only host: an Orleans client without grains that lists,
/// starts, reads and steers the silos' runs. Real silos and a real dashboard-only host on a real PostgreSQL server.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class DashboardHostRunTests(SharedClusterFixture cluster)
{
    [Fact]
    public async Task The_dashboard_only_host_starts_reads_and_steers_a_run_that_plays_on_the_silo()
    {
        // The run plays on either silo; A answers for it wherever it plays.
        var silo = cluster.A;
        var dashboard = await cluster.Cluster.StartAsync(["--Fleet:Role=Dashboard"]);
        var http = dashboard.Http;

        var scenarios = await Api.ReadJsonAsync(await http.GetAsync("/api/scenarios"));
        Assert.Contains("demo", scenarios.AsArray().Select(s => s!.GetValue<string>()));

        // Started, stepped and acted on through the dashboard host; it plays on the silo.
        var run = await RunApi.StartAsync(http, new JsonObject { ["scenario"] = RunApi.Yaml, ["speed"] = 0 });
        await RunApi.StepToAsync(http, run, 3);
        Assert.Equal(HttpStatusCode.Accepted, (await RunApi.ActAsync(http, run, "credit-001", "kill-switch")).StatusCode);
        await RunApi.StepToAsync(http, run, 5);
        Assert.Equal(5, (await RunApi.StatusAsync(silo.Http, run))["ticks"]!.GetValue<long>());

        // Listed (with its live state), its world known, its journal paged, its speed set and paused, all through the host.
        var listed = (await Api.ReadJsonAsync(await http.GetAsync("/api/runs"))).AsArray().Single(r => r!["id"]!.GetValue<string>() == run)!;
        Assert.Equal(5, listed["ticks"]!.GetValue<long>());
        Assert.NotNull(listed["events"]); // known only from the silo that plays it
        Assert.Contains(run, (await http.GetStringAsync("/api/worlds")), StringComparison.Ordinal);
        var input = await JournaledInputAsync(http, run);
        Assert.Equal("credit-001", input["target"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/runs/{run}/speed", Api.Body(new JsonObject { ["speed"] = 60 }))).StatusCode);
        await RunApi.WaitAsync(silo.Http, run, s => s["ticks"]!.GetValue<long>() >= 8, TimeSpan.FromSeconds(60), "past tick 8");
        var paused = await Api.ReadJsonAsync(await http.PostAsync($"/api/runs/{run}/pause", null));
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        Assert.Equal("paused", (await RunApi.StatusAsync(silo.Http, run))["state"]!.GetValue<string>());

        // A run the cluster does not know is a 404 naming id, as on a silo; stopped through the host, it reads as stopped there.
        using (var unknown = await http.GetAsync("/api/runs/no-such-run"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("id", (await Api.ReadJsonAsync(unknown))["field"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/runs/{run}/stop", null)).StatusCode);
        var stopped = await RunApi.WaitForStateAsync(http, run, "stopped", TimeSpan.FromSeconds(30));
        Assert.Equal((await RunApi.StatusAsync(silo.Http, run))["digest"]!.GetValue<string>(), stopped["digest"]!.GetValue<string>());
    }

    /// <summary>The run's one input, once the tick it applied at is committed to the journal (ticks are group-committed).</summary>
    private static async Task<JsonNode> JournaledInputAsync(HttpClient http, string run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var inputs = (await RunApi.JournalAsync(http, run, 100)).Where(e => e["input"] is not null).ToList();
            if (inputs.Count > 0) return Assert.Single(inputs);
            Assert.True(DateTime.UtcNow < deadline, "the action never reached the journal page");
            await Task.Delay(100);
        }
    }
}
