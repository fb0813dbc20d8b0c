using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Recording;

/// <summary>The recording tests' host and their calls to the real API.</summary>
internal static class RecordingSupport
{
    /// <summary>A real host on its own SQLite file, without the demo (its load would share the machine for nothing).</summary>
    public static Task<FleetTestHost> StartAsync(params string[] settings) =>
        FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false", .. settings]);

    public static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Fleet.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    public static string Example(string name) => Path.Combine(Root(), "examples", "imports", name);

    public static async Task RegisterAsync(FleetTestHost host, string id, JsonObject? registration = null)
    {
        var answer = await host.Http.PutAsync($"/api/models/{id}", Api.Body(registration ?? Api.Registration()));
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }

    public static async Task<JsonNode> PostAsync(FleetTestHost host, string path, JsonObject body, HttpStatusCode expected)
    {
        var answer = await host.Http.PostAsync(path, Api.Body(body));
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(expected == answer.StatusCode, $"{path}: {answer.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetAsync(FleetTestHost host, string path)
    {
        var answer = await host.Http.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"{path}: {answer.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(FleetTestHost host, string format, string content, string mediaType = "text/csv")
    {
        var answer = await host.Http.PostAsync($"/api/imports?format={format}", new StringContent(content, new UTF8Encoding(false), new MediaTypeHeaderValue(mediaType)));
        return (answer.StatusCode, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!);
    }

    /// <summary>Plays a recording as a run at full speed and waits for its end; the run's id.</summary>
    public static async Task<string> PlayAsync(FleetTestHost host, string recording)
    {
        var run = (await PostAsync(host, "/api/runs", new JsonObject { ["recording"] = recording }, HttpStatusCode.Created))["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var state = (await GetAsync(host, $"/api/runs/{run}"))["state"]!.GetValue<string>();
            if (state == "finished") return run;
            Assert.True(state is "starting" or "running", $"run {run}: {state}");
            Assert.True(DateTime.UtcNow < deadline, $"run {run} did not finish in 2 minutes");
            await Task.Delay(100);
        }
    }

    /// <summary>Every alert of a world that ever left inactive: (rule, model, state).</summary>
    public static async Task<List<(string Rule, string Model, string State)>> AlertsAsync(FleetTestHost host, string world) =>
        [.. (await GetAsync(host, $"/api/alerts?world={world}")).AsArray()
            .Select(a => (a!["rule"]!.GetValue<string>(), a["model"]!.GetValue<string>(), a["state"]!.GetValue<string>()))
            .OrderBy(a => a.Item1, StringComparer.Ordinal).ThenBy(a => a.Item2, StringComparer.Ordinal)];
}
