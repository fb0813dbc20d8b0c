using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>The SignalR hub /hubs/fleet over a real connection: GetFleet, pushed "fleetDiff" and watched "model" messages.</summary>
[Collection(HostCollection.Name)]
public sealed class FleetHubTests(HostFixture host)
{
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(15);

    private static int? LevelOf(JsonElement fleet, string id, string list = "models") =>
        fleet.GetProperty(list).EnumerateArray()
            .Where(m => m.GetProperty("id").GetString() == id)
            .Select(m => (int?)m.GetProperty("level").GetInt32())
            .FirstOrDefault();

    [Fact]
    public async Task GetFleet_returns_the_fleet_and_a_level_change_is_pushed()
    {
        var id = Ev.NewId("hub");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);

        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(host.Host.BaseAddress, "/hubs/fleet")).Build();
        var pushed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("fleetDiff", diff =>
        {
            if (LevelOf(diff, id, "changed") == 3) pushed.TrySetResult(diff);
        });
        await connection.StartAsync();

        var current = await connection.InvokeAsync<JsonElement>("GetFleet");
        Assert.Equal(1, LevelOf(current, id));
        Assert.Equal(current.GetProperty("total").GetInt32(), current.GetProperty("models").GetArrayLength());
        Assert.True(current.GetProperty("countsByLevel").GetProperty("1").GetInt32() >= 1);

        var ingest = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 500))));
        Assert.Equal(3, (await Api.ReadJsonAsync(ingest))["level"]!.GetValue<int>());

        var diff = await pushed.Task.WaitAsync(PushTimeout);
        Assert.Equal(3, LevelOf(diff, id, "changed"));
        Assert.True(diff.GetProperty("countsByLevel").GetProperty("3").GetInt32() >= 1);
        // A diff carries what changed, not the fleet: far fewer lines than the fleet holds once it grows.
        Assert.True(diff.GetProperty("changed").GetArrayLength() <= diff.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_watched_model_is_pushed_at_once_and_again_when_it_changes()
    {
        var id = Ev.NewId("watch");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(host.Host.BaseAddress, "/hubs/fleet")).Build();
        var first = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var degraded = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("model", model =>
        {
            if (model.GetProperty("id").GetString() != id) return;
            first.TrySetResult(model);
            if (model.GetProperty("level").GetInt32() == 3) degraded.TrySetResult(model);
        });
        await connection.StartAsync();
        await connection.InvokeAsync("WatchModel", id);

        Assert.Equal(1, (await first.Task.WaitAsync(PushTimeout)).GetProperty("level").GetInt32());
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 500))));
        var model = await degraded.Task.WaitAsync(PushTimeout);
        Assert.Contains(model.GetProperty("breaches").EnumerateArray(), b => b.GetProperty("threshold").GetString() == "latency-p95");
    }
}
