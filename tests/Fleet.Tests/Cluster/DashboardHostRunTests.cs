using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Fleet.Tests.Security;
using RunApi = Fleet.Tests.Journal.Runs;
using static Fleet.Tests.Core.Api;

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

    [Fact]
    public async Task The_dashboard_only_host_creates_steers_and_scores_exercises_and_keeps_recordings_through_the_silos()
    {
        var silo = cluster.A;
        var dashboard = await cluster.Cluster.StartAsync(["--Fleet:Role=Dashboard"]);
        using var http = new HttpClient { BaseAddress = dashboard.Address, Timeout = TimeSpan.FromMinutes(3) }.Authorized(TestKeys.Admin);

        // An exercise created, started and ended through the host: the silos hold the same one, its team run plays there.
        var created = await Json(await http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "host drill", ["scenario"] = Exercises.ExerciseScenario.Yaml, ["speed"] = 1000, ["start"] = Api.Iso(Exercises.ExerciseScenario.Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "blue", ["trainees"] = new JsonArray("bo") }),
        })), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("host drill", (await Json(await silo.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["name"]!.GetValue<string>());
        var started = await Json(await http.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        var run = started["teams"]![0]!["runId"]!.GetValue<string>();
        Assert.Equal(run, (await RunApi.StatusAsync(silo.Http, run))["id"]!.GetValue<string>());
        Assert.Equal("ended", (await Json(await http.PostAsync($"/api/exercises/{id}/end", null), HttpStatusCode.OK))["state"]!.GetValue<string>());
        Assert.Equal("ended", (await Json(await silo.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["state"]!.GetValue<string>());
        var score = await Json(await http.GetAsync($"/api/exercises/{id}/score"), HttpStatusCode.OK);
        Assert.Equal("blue", Assert.Single(score["teams"]!.AsArray())!["team"]!.GetValue<string>());
        // A refusal crosses as the silo gives it: the field and the reason.
        var refused = await Json(await http.PostAsync("/api/exercises", Api.Body(new JsonObject { ["name"] = "no teams", ["scenario"] = "demo" })), HttpStatusCode.BadRequest);
        Assert.Equal("teams", refused["field"]!.GetValue<string>());

        // A recording of a live model started, stopped and deleted through the host, seen by the silo.
        var model = Ev.NewId("host-recorded");
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PutAsync($"/api/models/{model}", Api.Body(Api.Registration()))).StatusCode);
        var recording = (await Json(await http.PostAsync("/api/recordings", Api.Body(new JsonObject { ["models"] = model })), HttpStatusCode.Created))["id"]!.GetValue<string>();
        Assert.Contains((await Json(await silo.Http.GetAsync("/api/recordings"), HttpStatusCode.OK)).AsArray(), r => r!["id"]!.GetValue<string>() == recording);
        Assert.Equal("stopped", (await Json(await http.PostAsync($"/api/recordings/{recording}/stop", Api.Body(new JsonObject())), HttpStatusCode.OK))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/recordings/{recording}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync($"/api/recordings/{recording}")).StatusCode);
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
