using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Worlds;

/// <summary>
/// Worlds over the real host (HTTP and the SignalR hub), with the demo running in its own world: two runs of one
/// scenario started over the API give one digest, and no model, alert or incident of one world is visible through
/// another's fleet list, model, alerts, incidents or hub view.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WorldApiTests(HostFixture host)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Two_runs_of_one_scenario_and_the_live_fleet_see_nothing_of_each_other_over_the_api_and_the_hub()
    {
        // A live model with a firing alert and an incident of its own.
        var live = Ev.NewId("live");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{live}", Api.Body(Api.Registration()))).StatusCode);
        await host.Http.PostAsync($"/api/models/{live}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 500))));

        var a = await StartRunAsync();
        var b = await StartRunAsync();
        var digestA = await FinishedDigestAsync(a);
        var digestB = await FinishedDigestAsync(b);
        Assert.Equal(digestA, digestB);

        // The fleet list: each run's world lists the scenario's six models, the live one none of them.
        string[] runModels = ["fraud-001", "fraud-002", "fraud-003", "recommendations-001", "recommendations-002", "recommendations-003"];
        foreach (var run in new[] { a, b })
            Assert.Equal(runModels, Ids(await GetAsync($"/api/fleet?world={run}"), "models"));
        var liveIds = Ids(await GetAsync("/api/fleet"), "models");
        Assert.Contains(live, liveIds);
        Assert.Empty(liveIds.Intersect(runModels));

        // A model by id: found in its own world only.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/api/models/fraud-002?world={a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/models/fraud-002")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/models/{live}?world={a}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/api/models/{live}/series?world=live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/models/{live}/timeline?world={b}")).StatusCode);

        // Alerts and incidents: each world's book holds its own models only, and the two runs' books agree.
        var alertsA = await GetAsync($"/api/alerts?world={a}");
        Assert.NotEmpty(alertsA.AsArray());
        Assert.All(alertsA.AsArray(), x => Assert.Contains(x!["model"]!.GetValue<string>(), runModels));
        Assert.Equal(Lines(alertsA), Lines(await GetAsync($"/api/alerts?world={b}")));
        var liveAlerts = await GetAsync("/api/alerts");
        Assert.Contains(liveAlerts.AsArray(), x => x!["model"]!.GetValue<string>() == live);
        Assert.DoesNotContain(liveAlerts.AsArray(), x => runModels.Contains(x!["model"]!.GetValue<string>()));
        var incidentsA = await GetAsync($"/api/incidents?world={a}");
        Assert.NotEmpty(incidentsA.AsArray());
        Assert.All(incidentsA.AsArray(), i => Assert.All(i!["models"]!.AsArray(), m => Assert.Contains(m!.GetValue<string>(), runModels)));
        Assert.DoesNotContain((await GetAsync("/api/incidents")).AsArray(),
            i => i!["models"]!.AsArray().Any(m => runModels.Contains(m!.GetValue<string>())));

        // The hub: a connection shows the live fleet until it watches a run's world, then that world only.
        await using var liveView = await ConnectAsync();
        await using var runView = await ConnectAsync();
        await runView.InvokeAsync("Watch", a);
        var runFleet = await runView.InvokeAsync<JsonElement>("GetFleet");
        Assert.Equal(runModels, runFleet.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var liveFleet = await liveView.InvokeAsync<JsonElement>("GetFleet");
        Assert.DoesNotContain(liveFleet.GetProperty("models").EnumerateArray(), m => runModels.Contains(m.GetProperty("id").GetString()));
        var runBook = await runView.InvokeAsync<JsonElement>("GetAlertBook");
        Assert.All(runBook.GetProperty("alerts").EnumerateArray(), x => Assert.Contains(x.GetProperty("model").GetString(), runModels));
        Assert.DoesNotContain(runBook.GetProperty("firingModels").EnumerateArray(), m => m.GetProperty("model").GetString() == live);

        // A live change is pushed to the live view and never to the run's view.
        var seenByRunView = new List<string>();
        runView.On<JsonElement>("fleetDiff", diff => { lock (seenByRunView) seenByRunView.AddRange(diff.GetProperty("changed").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)); });
        runView.On<JsonElement>("alerts", book => { lock (seenByRunView) seenByRunView.AddRange(book.GetProperty("alerts").EnumerateArray().Select(x => x.GetProperty("model").GetString()!)); });
        var pushedLive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = Ev.NewId("live");
        liveView.On<JsonElement>("fleetDiff", diff =>
        {
            if (diff.GetProperty("changed").EnumerateArray().Any(m => m.GetProperty("id").GetString() == other)) pushedLive.TrySetResult();
        });
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{other}", Api.Body(Api.Registration()))).StatusCode);
        await host.Http.PostAsync($"/api/models/{other}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 500))));
        await pushedLive.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten push intervals (100 ms here) for a wrong push to arrive
        lock (seenByRunView)
        {
            Assert.DoesNotContain(other, seenByRunView);
            Assert.DoesNotContain(live, seenByRunView);
        }

        // A model of the run watched through the run's view is the run's grain.
        var watched = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        runView.On<JsonElement>("model", m => watched.TrySetResult(m));
        await runView.InvokeAsync("WatchModel", "fraud-002");
        Assert.Equal("fraud-002", (await watched.Task.WaitAsync(TimeSpan.FromSeconds(15))).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_bad_or_unknown_world_is_refused_with_the_field_and_the_reason()
    {
        foreach (var path in new[] { "/api/fleet?world=no-such-run", "/api/models/x?world=no-such-run", "/api/alerts?world=no-such-run", "/api/incidents?world=no-such-run" })
        {
            var response = await host.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await Api.ReadJsonAsync(response);
            Assert.Equal("world", body["field"]!.GetValue<string>());
            Assert.Contains("no-such-run", body["reason"]!.GetValue<string>());
        }
        var bad = await host.Http.GetAsync("/api/fleet?world=a%2Fb");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("world", (await Api.ReadJsonAsync(bad))["field"]!.GetValue<string>());
        var post = await host.Http.PostAsync("/api/models/x/actions?world=no-such-run", Api.Body("""{"action":"retrain","by":"a","reason":"b"}"""));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        await using var connection = await ConnectAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Watch", "no-such-run"));
        Assert.Contains("world", refused.Message);
    }

    [Fact]
    public async Task The_worlds_list_names_the_live_fleet_first_and_every_run_with_its_models()
    {
        var run = await StartRunAsync();
        var worlds = (await GetAsync("/api/worlds")).AsArray();
        Assert.Equal("live", worlds[0]!["id"]!.GetValue<string>());
        var line = Assert.Single(worlds, w => w!["id"]!.GetValue<string>() == run)!;
        Assert.Equal("run", line["kind"]!.GetValue<string>());
        Assert.Equal("world-outage", line["scenario"]!.GetValue<string>());
        await FinishedDigestAsync(run);
        Assert.Equal(6, (await GetAsync("/api/worlds")).AsArray().Single(w => w!["id"]!.GetValue<string>() == run)!["models"]!.GetValue<int>());
    }

    private async Task<string> StartRunAsync()
    {
        var response = await host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = WorldScenarios.Outage }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Api.ReadJsonAsync(response))["id"]!.GetValue<string>();
    }

    private async Task<string> FinishedDigestAsync(string run)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var status = await GetAsync($"/api/runs/{run}");
            var state = status["state"]!.GetValue<string>();
            if (state == "finished") return status["digest"]!.GetValue<string>();
            Assert.True(state is "starting" or "running", $"run {run} is {state}");
            Assert.True(DateTime.UtcNow < deadline, $"run {run} did not finish within {Timeout}");
            await Task.Delay(100);
        }
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        var response = await host.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Api.ReadJsonAsync(response);
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(host.Host.BaseAddress, "/hubs/fleet"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestKeys.Admin)).Build();
        await connection.StartAsync();
        return connection;
    }

    private static List<string> Ids(JsonNode fleet, string list) =>
        fleet[list]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    private static List<string> Lines(JsonNode alerts) =>
        alerts.AsArray().Select(x => $"{x!["rule"]}|{x["model"]}|{x["state"]}|{x["since"]}").ToList();
}
