using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using static Fleet.Tests.Exercises.ExerciseScenario;

namespace Fleet.Tests.Reports.Exercises;

/// <summary>
/// One real host (no demo) with one exercise of two scripted teams played in lockstep for 2 hours of event time
/// (the drift at 10m): "ideal" acknowledges its first incident and retrains the two drifted models at 30m, the ideal
/// response; "late" retrains a healthy model at 20m and the drifted ones at 45m. A second exercise is created, not started.
/// </summary>
public sealed class PlayedExerciseFixture : IAsyncLifetime
{
    public const int Played = 240; // 2 hours of 30s ticks: long enough for both teams' retrains to serve better than doing nothing
    public static readonly TimeSpan IdealAt = TimeSpan.FromMinutes(30), LateAt = TimeSpan.FromMinutes(45), UselessAt = TimeSpan.FromMinutes(20);

    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public HttpClient Http => Host.Http;

    public string Id { get; private set; } = "";

    public string NotStarted { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Runs { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);
        Id = (await CreateAsync(["ideal", "late"]))["id"]!.GetValue<string>();
        NotStarted = (await CreateAsync(["waiting"]))["id"]!.GetValue<string>();
        var started = await PostAsync($"/api/exercises/{Id}/start", HttpStatusCode.OK);
        Runs = started["teams"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["runId"]!.GetValue<string>());

        var acked = false;
        for (var n = 0; n < Played; n++)
        {
            var at = Tick * n;
            if (at == IdealAt) foreach (var model in Drifted) await ActAsync(Runs["ideal"], model);
            if (at == UselessAt) await ActAsync(Runs["late"], "credit-004");
            if (at == LateAt) foreach (var model in Drifted) await ActAsync(Runs["late"], model);
            if (!acked && at >= ImpactAt)
            {
                var open = (await GetAsync($"/api/incidents?world={Runs["ideal"]}")).AsArray()
                    .FirstOrDefault(x => x!["models"]!.AsArray().Any(m => Drifted.Contains(m!.GetValue<string>())));
                if (open is not null)
                {
                    await PostAsync($"/api/incidents/{open["id"]}/ack?world={Runs["ideal"]}", HttpStatusCode.Accepted, new JsonObject { ["by"] = "ana" });
                    acked = true;
                }
            }
            foreach (var run in Runs.Values) await StepAsync(run, n + 1);
        }
        Assert.True(acked, "the ideal team found no incident to acknowledge");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var answer = await Http.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {answer.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> CreateAsync(string[] teams) =>
        await PostAsync("/api/exercises", HttpStatusCode.Created, new JsonObject
        {
            ["name"] = "report drill", ["scenario"] = Yaml, ["speed"] = 0, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray([.. teams.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["trainees"] = new JsonArray("ana") })]),
        });

    private Task ActAsync(string world, string model) =>
        PostAsync($"/api/models/{model}/actions?world={world}", HttpStatusCode.Accepted, new JsonObject { ["action"] = "retrain", ["by"] = "ana", ["reason"] = "drill" });

    /// <summary>Lets a paused run play one tick and waits until it has played <paramref name="ticks"/>.</summary>
    private async Task StepAsync(string run, int ticks)
    {
        await PostAsync($"/api/runs/{run}/step", HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await GetAsync($"/api/runs/{run}"))["ticks"]!.GetValue<long>() < ticks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {run} did not play tick {ticks}");
            await Task.Delay(2);
        }
    }

    private async Task<JsonNode> PostAsync(string path, HttpStatusCode expected, JsonNode? body = null)
    {
        var answer = await Http.PostAsync(path, body is null ? null : Api.Body(body));
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == expected, $"{path}: {answer.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}
