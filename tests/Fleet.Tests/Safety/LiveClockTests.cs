using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Simulation;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Safety;

/// <summary>
/// A live batch is judged against the server's clock (the host's TimeProvider, set by the test): sentAt within
/// 5 minutes of it either way, events at most 5 minutes after sentAt. A run's world keeps its own clock.
/// </summary>
public sealed class LiveClockTests : IAsyncLifetime
{
    private readonly SettableClock _clock = new(T0);
    private FleetTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(_clock, pastData: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> RegisteredAsync(string? world = null)
    {
        var id = Ev.NewId("clock");
        var query = world is null ? "" : $"?world={world}";
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.PutAsync($"/api/models/{id}{query}", Api.Body(Api.Registration()))).StatusCode);
        return id;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string id, DateTimeOffset sentAt, DateTimeOffset at, string? world = null)
    {
        var query = world is null ? "" : $"?world={world}";
        var answer = await _host.Http.PostAsync($"/api/models/{id}/events{query}", Api.Body(Api.Batch(sentAt, Api.Predictions(1, at))));
        return (answer.StatusCode, await Api.ReadJsonAsync(answer));
    }

    private static void AssertRefused((HttpStatusCode Status, JsonNode Body) answer, string field)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal(field, answer.Body["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_live_sentAt_more_than_5_minutes_from_the_servers_clock_is_refused_naming_sentAt()
    {
        var id = await RegisteredAsync();

        AssertRefused(await PostAsync(id, T0.AddYears(70), T0.AddYears(70)), "sentAt");
        AssertRefused(await PostAsync(id, T0.AddMinutes(5).AddSeconds(1), T0), "sentAt");
        AssertRefused(await PostAsync(id, T0.AddMinutes(-5).AddSeconds(-1), T0.AddMinutes(-6)), "sentAt");
        var model = await Api.ReadJsonAsync(await _host.Http.GetAsync($"/api/models/{id}"));
        Assert.Null(model["watermark"]); // no refused batch moved the model's clock

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, T0.AddMinutes(5), T0.AddMinutes(5))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, T0.AddMinutes(-5), T0.AddMinutes(-5))).Status);
        // Events may be stamped up to 5 minutes after sentAt (sender's clock skew), no later.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, T0, T0.AddMinutes(5))).Status);
        AssertRefused(await PostAsync(id, T0, T0.AddMinutes(5).AddSeconds(1)), "predictions[0].timestamp");

        _clock.Now = T0.AddDays(1);
        AssertRefused(await PostAsync(id, T0, T0), "sentAt");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, T0.AddDays(1), T0.AddDays(1))).Status);
    }

    [Fact]
    public async Task A_runs_world_keeps_its_own_clock()
    {
        var run = await _host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = RunControlTests.Endless, ["speed"] = 0 }));
        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        var world = (await Api.ReadJsonAsync(run))["id"]!.GetValue<string>();
        try
        {
            var id = await RegisteredAsync(world);
            var past = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, past, past, world)).Status);
        }
        finally
        {
            await _host.Http.PostAsync($"/api/runs/{world}/stop", null);
        }
    }
}

/// <summary>The server's clock in these tests: it reads what the test set.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
