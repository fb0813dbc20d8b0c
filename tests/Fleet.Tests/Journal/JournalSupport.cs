using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Journal;

/// <summary>Runs driven over real HTTP for the journal tests: start, step to a tick, act, inject, wait.</summary>
internal static class Runs
{
    /// <summary>A small fleet with faults, alerts and level changes within the hour (the determinism scenario).</summary>
    public const string Yaml = Simulation.DeterminismTests.Yaml;

    public static async Task<string> StartAsync(HttpClient http, JsonObject body)
    {
        var answer = await http.PostAsync("/api/runs", Api.Body(body));
        var json = await Api.ReadJsonAsync(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {json}");
        return json["id"]!.GetValue<string>();
    }

    public static async Task<JsonNode> StatusAsync(HttpClient http, string id) => await Api.ReadJsonAsync(await http.GetAsync($"/api/runs/{id}"));

    public static async Task<JsonNode> WaitAsync(HttpClient http, string id, Func<JsonNode, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await StatusAsync(http, id);
            if (done(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"run {id} not {what} in {within}: {status.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static Task<JsonNode> WaitForStateAsync(HttpClient http, string id, string state, TimeSpan within) =>
        WaitAsync(http, id, s => s["state"]!.GetValue<string>() == state, within, state);

    /// <summary>Steps a paused run until it has played <paramref name="ticks"/> ticks.</summary>
    public static async Task StepToAsync(HttpClient http, string id, long ticks)
    {
        var played = (await StatusAsync(http, id))["ticks"]!.GetValue<long>();
        for (var i = played; i < ticks; i++) Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/runs/{id}/step", null)).StatusCode);
        await WaitAsync(http, id, s => s["ticks"]!.GetValue<long>() == ticks, TimeSpan.FromSeconds(30), $"at tick {ticks}");
    }

    public static async Task<HttpResponseMessage> ActAsync(HttpClient http, string id, string model, string action, string from = "cli") =>
        await http.PostAsync($"/api/runs/{id}/actions", Api.Body(new JsonObject
        {
            ["model"] = model, ["action"] = action, ["by"] = "erin", ["reason"] = "pager went off", ["from"] = from,
        }));

    public static async Task<HttpResponseMessage> InjectAsync(HttpClient http, string id) =>
        await http.PostAsync($"/api/runs/{id}/injections", Api.Body(new JsonObject
        {
            ["fault"] = "latency-spike", ["models"] = new JsonArray("credit-002"), ["magnitude"] = 4, ["duration"] = "10m", ["by"] = "trainer", ["from"] = "page",
        }));

    /// <summary>
    /// The reference run with outside inputs: paused, stepped to tick 5, a kill-switch from the CLI, stepped to tick 12,
    /// a latency spike injected from the page, then played at full speed to the end. Returns its id once finished.
    /// </summary>
    public static async Task<string> PlayWithInputsAsync(HttpClient http, bool finish = true)
    {
        var id = await StartAsync(http, new JsonObject { ["scenario"] = Yaml, ["speed"] = 0 });
        await StepToAsync(http, id, 5);
        Assert.Equal(HttpStatusCode.Accepted, (await ActAsync(http, id, "credit-001", "kill-switch")).StatusCode);
        await StepToAsync(http, id, 12);
        Assert.Equal(HttpStatusCode.Accepted, (await InjectAsync(http, id)).StatusCode);
        await StepToAsync(http, id, 14);
        if (!finish) return id;
        await http.PostAsync($"/api/runs/{id}/speed", Api.Body("{}"));
        await WaitForStateAsync(http, id, "finished", TimeSpan.FromMinutes(2));
        return id;
    }

    public static async Task<List<JsonNode>> JournalAsync(HttpClient http, string id, int limit)
    {
        var entries = new List<JsonNode>();
        long? after = null;
        do
        {
            var page = await Api.ReadJsonAsync(await http.GetAsync($"/api/runs/{id}/journal?limit={limit}" + (after is { } a ? $"&after={a}" : "")));
            entries.AddRange(page["entries"]!.AsArray().Select(e => e!));
            after = page["next"]?.GetValue<long>();
        } while (after is not null);
        return entries;
    }

    public static async Task<JsonNode> ComparisonAsync(HttpClient http, string replay) =>
        await Api.ReadJsonAsync(await http.GetAsync($"/api/runs/{replay}/comparison"));
}
