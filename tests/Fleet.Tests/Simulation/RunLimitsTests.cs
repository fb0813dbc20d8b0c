using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Simulation;

/// <summary>
/// A silo plays a bounded number of simulated models at once and keeps a bounded number of ended runs:
/// on a host of its own with 3 active models and 1 ended run.
/// </summary>
public sealed class RunLimitsTests : IAsyncLifetime
{
    private FleetTestHost _host = null!;

    private const string TwoModels = """
        name: two
        duration: 365d
        tick: 1m
        fleet:
          - domain: credit
            count: 2
        traffic: { rate: 0.1, shape: flat }
        """;

    private const string Short = """
        name: short
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 1, shape: flat }
        """;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(settings:
        ["--Fleet:Demo:Enabled=false", "--Fleet:Simulation:MaxActiveModels=3", "--Fleet:Simulation:MaxEndedRuns=1"]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> StartAsync(string yaml, double? speed = null) =>
        _host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = yaml, ["speed"] = speed }));

    private async Task<string> StartedAsync(string yaml, double? speed = null)
    {
        var answer = await StartAsync(yaml, speed);
        var body = await Api.ReadJsonAsync(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {body}");
        return body["id"]!.GetValue<string>();
    }

    private async Task WaitEndedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await Api.ReadJsonAsync(await _host.Http.GetAsync($"/api/runs/{id}")))["state"]!.GetValue<string>() is "starting" or "running" or "paused")
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not end");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_run_that_would_pass_the_active_models_limit_is_refused_until_another_ends()
    {
        var first = await StartedAsync(TwoModels, speed: 0);

        var refused = await StartAsync(TwoModels, speed: 0);
        var body = await Api.ReadJsonAsync(refused);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("scenario", body["field"]!.GetValue<string>());
        Assert.Contains("3 simulated models", body["reason"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await _host.Http.PostAsync($"/api/runs/{first}/stop", null)).StatusCode);
        await WaitEndedAsync(first);
        await StartedAsync(TwoModels, speed: 0);
    }

    [Fact]
    public async Task The_oldest_ended_runs_beyond_the_limit_are_freed()
    {
        var older = await StartedAsync(Short);
        await WaitEndedAsync(older);
        var newer = await StartedAsync(Short);
        await WaitEndedAsync(newer);

        await StartedAsync(Short); // frees all but the newest ended run

        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.GetAsync($"/api/runs/{older}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync($"/api/runs/{newer}")).StatusCode);
    }
}
