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
    public async Task A_run_started_with_a_start_records_it_and_its_digest_is_the_headless_one()
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

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, JsonObject body)
    {
        var answer = await host.Http.PostAsync(path, Api.Body(body));
        return (answer.StatusCode, await Api.ReadJsonAsync(answer));
    }

    private static void AssertRefused((HttpStatusCode Status, JsonNode Body) answer, string field)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal(field, answer.Body["field"]!.GetValue<string>());
        var reason = answer.Body["reason"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Equal($"{field}: {reason}", answer.Body["error"]!.GetValue<string>());
        Assert.DoesNotMatch(@"System\.|Exception", reason);
    }

    [Theory]
    [InlineData("magnitude: 0.05", "magnitude: high", "injections[0].magnitude")]
    [InlineData("magnitude: 0.05", "magnitude: 5", "injections[0].magnitude")]
    [InlineData("at: 5m", "at: 2h", "injections[0].at")]
    [InlineData("ids: [fraud-001]", "ids: [fraud-009]", "injections[1].targets.ids[0]")]
    [InlineData("count: 1", "count: 1\n    colour: red", "fleet[1].colour")]
    [InlineData("duration: 1h", "duration: 1h: 2h", "yaml")]
    public async Task A_scenario_that_cannot_run_is_refused_with_400_naming_the_field(string what, string with, string field)
    {
        Assert.Contains(what, DeterminismTests.Yaml);
        var yaml = DeterminismTests.Yaml.Replace(what, with, StringComparison.Ordinal);
        AssertRefused(await PostAsync("/api/runs", new JsonObject { ["scenario"] = yaml }), field);
    }

    [Fact]
    public async Task A_start_that_is_not_a_time_is_refused_naming_start()
    {
        AssertRefused(await PostAsync("/api/runs", new JsonObject { ["scenario"] = DeterminismTests.Yaml, ["start"] = "soon" }), "start");
    }

    [Fact]
    public async Task A_manual_injection_is_checked_like_a_scenarios_own_and_one_with_a_duration_ends()
    {
        var id = (await StartAsync(new JsonObject { ["scenario"] = RunControlTests.Endless, ["speed"] = 0 }))["id"]!.GetValue<string>();
        try
        {
            JsonObject Injection(string? duration = "10m", double magnitude = 0.2, string fault = "timeouts", string model = "credit-001") => new()
            {
                ["fault"] = fault, ["models"] = new JsonArray(model),
                ["magnitude"] = magnitude, ["duration"] = duration,
            };
            var path = $"/api/runs/{id}/injections";
            AssertRefused(await PostAsync(path, Injection(duration: "a while")), "duration"); // accepted before, and ran forever
            AssertRefused(await PostAsync(path, Injection(model: "credit-999")), "models[0]");
            AssertRefused(await PostAsync(path, Injection(magnitude: 5)), "magnitude");
            AssertRefused(await PostAsync(path, Injection(fault: "gremlins")), "fault");
            AssertRefused(await PostAsync(path, new JsonObject { ["fault"] = "timeouts", ["models"] = new JsonArray() }), "models");
            AssertRefused(await PostAsync($"/api/runs/{id}/actions", new JsonObject { ["model"] = "credit-999", ["action"] = "kill-switch", ["by"] = "erin", ["reason"] = "x" }), "model");
            AssertRefused(await PostAsync($"/api/runs/{id}/actions", new JsonObject { ["model"] = "credit-001", ["action"] = "reboot", ["by"] = "erin", ["reason"] = "x" }), "action");

            var accepted = await PostAsync(path, Injection());
            Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
            // One-minute ticks: the injection starts at the next tick and ends ten ticks later.
            for (var step = 0; step < 12; step++) await host.Http.PostAsync($"/api/runs/{id}/step", null);
            var journal = await WaitForJournalAsync(id, "injection-ended");
            Assert.Contains(journal, e => e!["kind"]!.GetValue<string>() == "injection" && e["target"]!.GetValue<string>() == "manual-1");
        }
        finally
        {
            await host.Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }

    private async Task<JsonArray> WaitForJournalAsync(string id, string kind)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var journal = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/runs/{id}/summary")))["journal"]!.AsArray();
            if (journal.Any(e => e!["kind"]!.GetValue<string>() == kind)) return journal;
            Assert.True(DateTime.UtcNow < deadline, $"no {kind} in the journal: {journal.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
