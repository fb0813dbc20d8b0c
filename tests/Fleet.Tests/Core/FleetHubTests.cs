using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>The SignalR hub /hubs/fleet over a real connection: GetFleet, and pushed "fleet" messages.</summary>
[Collection(HostCollection.Name)]
public sealed class FleetHubTests(HostFixture host)
{
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(15);

    private static int? LevelOf(JsonElement fleet, string id) =>
        fleet.GetProperty("models").EnumerateArray()
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
        connection.On<JsonElement>("fleet", fleet =>
        {
            if (LevelOf(fleet, id) == 3) pushed.TrySetResult(fleet);
        });
        await connection.StartAsync();

        var current = await connection.InvokeAsync<JsonElement>("GetFleet");
        Assert.Equal(1, LevelOf(current, id));
        Assert.Equal(current.GetProperty("total").GetInt32(), current.GetProperty("models").GetArrayLength());
        Assert.True(current.GetProperty("countsByLevel").GetProperty("1").GetInt32() >= 1);

        var ingest = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 500))));
        Assert.Equal(3, (await Api.ReadJsonAsync(ingest))["level"]!.GetValue<int>());

        var fleet = await pushed.Task.WaitAsync(PushTimeout);
        Assert.Equal(3, LevelOf(fleet, id));
        Assert.True(fleet.GetProperty("countsByLevel").GetProperty("3").GetInt32() >= 1);
    }
}
