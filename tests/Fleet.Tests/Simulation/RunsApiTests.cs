using System.Net;
using System.Text.Json.Nodes;
using Fleet.Simulation.Runs;
using Fleet.Tests.Core;

namespace Fleet.Tests.Simulation;

/// <summary>Runs steered over real HTTP on the real host (which already plays the demo as its first run).</summary>
[Collection(HostCollection.Name)]
public sealed class RunsApiTests(HostFixture host)
{
    private static readonly DateTimeOffset Chosen = new(2026, 2, 2, 6, 0, 0, TimeSpan.Zero);

    private async Task<JsonNode> StartAsync(JsonObject body)
    {
        var answer = await host.Http.PostAsync("/api/runs", Api.Body(body));
        var json = await Api.ReadJsonAsync(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {json}");
        return json;
    }

    private async Task<JsonNode> StatusAsync(string id) => await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/runs/{id}"));

    private async Task<JsonNode> WaitForStateAsync(string id, string state, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await StatusAsync(id);
            if (status["state"]!.GetValue<string>() == state) return status;
            Assert.True(DateTime.UtcNow < deadline, $"run {id} is still {status["state"]} at {status["now"]}, not {state}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_run_started_with_a_start_records_it_and_its_digest_is_the_headless_one_though_the_host_prefixes_its_ids()
    {
        var started = await StartAsync(new JsonObject { ["scenario"] = DeterminismTests.Yaml, ["start"] = "2026-02-02T06:00:00Z" });
        var id = started["id"]!.GetValue<string>();
        Assert.Equal(Chosen, started["start"]!.GetValue<DateTimeOffset>());

        await WaitForStateAsync(id, "finished", TimeSpan.FromMinutes(2));
        var summary = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/runs/{id}/summary"));
        var (headless, _) = await Sim.RunAsync(DeterminismTests.Yaml, new RunOptions { Start = Chosen });

        Assert.Equal(Chosen, summary["start"]!.GetValue<DateTimeOffset>());
        Assert.NotEmpty(headless.Transitions);
        Assert.Equal(headless.Digest, summary["digest"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stop_ends_a_run_playing_at_full_speed()
    {
        var id = (await StartAsync(new JsonObject { ["scenario"] = RunControlTests.Endless }))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/runs/{id}/stop", null)).StatusCode);
        var stopped = await WaitForStateAsync(id, "stopped", TimeSpan.FromSeconds(15));
        Assert.True(stopped["progress"]!.GetValue<double>() < 1);
    }

    [Fact]
    public async Task A_resumed_run_plays_on_at_the_speed_it_had_before_the_pause()
    {
        var id = (await StartAsync(new JsonObject { ["scenario"] = RunControlTests.Endless, ["speed"] = 50 }))["id"]!.GetValue<string>();
        try
        {
            var paused = await Api.ReadJsonAsync(await host.Http.PostAsync($"/api/runs/{id}/pause", null));
            Assert.Equal(0, paused["speed"]!.GetValue<double>());
            var resumed = await Api.ReadJsonAsync(await host.Http.PostAsync($"/api/runs/{id}/resume", null));
            Assert.Equal(50, resumed["speed"]!.GetValue<double>());
        }
        finally
        {
            await host.Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }
}
