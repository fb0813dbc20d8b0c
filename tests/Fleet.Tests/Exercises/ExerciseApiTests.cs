using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Xunit.Abstractions;
using static Fleet.Tests.Exercises.ExerciseScenario;

namespace Fleet.Tests.Exercises;

/// <summary>
/// An exercise over the real host: three teams play the same scenario and seed, each in its own run, stepped in
/// lockstep; they act through the operator routes of their own world at known event times. Their scores are
/// checked against the acknowledgement times their alert books recorded and the actions' times, and their impact
/// against the counterfactual runs played on the plain path.
/// </summary>
public sealed class ExerciseApiTests(ExerciseHostFixture fixture, ITestOutputHelper output) : IClassFixture<ExerciseHostFixture>
{
    private FleetTestHost _host => fixture.Host;

    private HttpClient Http => _host.Http;

    [Fact]
    public async Task Scripted_ideal_late_and_idle_teams_get_the_scores_their_actions_earn_and_stay_isolated()
    {
        var exercise = await CreateAsync(["ideal", "late", "idle"]);
        var id = exercise["id"]!.GetValue<string>();
        Assert.Equal("created", exercise["state"]!.GetValue<string>());
        var started = await PostAsync($"/api/exercises/{id}/start", HttpStatusCode.OK);
        var runs = started["teams"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["runId"]!.GetValue<string>());
        Assert.Equal(3, runs.Values.Distinct().Count());
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsync($"/api/exercises/{id}/start", null)).StatusCode);

        string? ackedIncident = null;
        for (var n = 0; n < Ticks; n++)
        {
            var at = Tick * n;
            if (at == TimeSpan.FromMinutes(30))
                foreach (var model in Drifted) await ActAsync(runs["ideal"], model, "retrain");
            if (at == TimeSpan.FromMinutes(20)) await ActAsync(runs["late"], "credit-004", "retrain"); // a healthy model: no help
            if (at == TimeSpan.FromMinutes(60))
                foreach (var model in Drifted) await ActAsync(runs["late"], model, "retrain");
            if (ackedIncident is null && at >= ImpactAt)
            {
                var open = (await GetAsync($"/api/incidents?world={runs["ideal"]}")).AsArray()
                    .FirstOrDefault(x => x!["models"]!.AsArray().Any(m => Drifted.Contains(m!.GetValue<string>())));
                if (open is not null)
                {
                    ackedIncident = open["id"]!.GetValue<string>();
                    await PostAsync($"/api/incidents/{ackedIncident}/ack?world={runs["ideal"]}", HttpStatusCode.Accepted, new JsonObject { ["by"] = "ana" });
                }
            }
            foreach (var run in runs.Values) await StepAsync(run, n + 1);
        }
        Assert.NotNull(ackedIncident);

        var score = await GetAsync($"/api/exercises/{id}/score");
        output.WriteLine(score.ToJsonString());
        Assert.Equal(Start + ImpactAt, score["impactStart"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Drifted, score["affectedModels"]!.AsArray().Select(m => m!.GetValue<string>()));
        var teams = score["teams"]!.AsArray().ToDictionary(t => t!["team"]!.GetValue<string>(), t => t!);
        Assert.Equal(["ideal", "late", "idle"], score["teams"]!.AsArray().Select(t => t!["team"]!.GetValue<string>())); // fewest bad predictions first

        // The ideal team: detection and acknowledgement from its own book, mitigation measured at its retrain.
        var ideal = teams["ideal"];
        var incident = (await GetAsync($"/api/incidents?world={runs["ideal"]}")).AsArray().Single(x => x!["id"]!.GetValue<string>() == ackedIncident)!;
        var acknowledged = incident["milestones"]!["acknowledged"]!.GetValue<DateTimeOffset>();
        var detected = incident["milestones"]!["detected"]!.GetValue<DateTimeOffset>();
        Assert.Equal(acknowledged - (Start + ImpactAt), Duration(ideal, "timeToDetect"));
        Assert.Equal(acknowledged - detected, Duration(ideal, "timeToAcknowledge"));
        Assert.Equal(TimeSpan.FromMinutes(20), Duration(ideal, "timeToMitigate"));
        Assert.StartsWith("retrain credit-00", ideal["mitigatedBy"]!.GetValue<string>());
        Assert.Equal(Long(ideal, "idealImpact"), Long(ideal, "impact")); // the grain path served exactly what the plain ideal run did
        Assert.Equal(0, Long(ideal, "excessOverIdeal"));
        Assert.Empty(ideal["uselessActions"]!.AsArray());

        // The late team: mitigated at its retrain of the drifted models (60m); retraining a healthy model did not help.
        var late = teams["late"];
        Assert.Equal(TimeSpan.FromMinutes(50), Duration(late, "timeToMitigate"));
        Assert.Null(late["timeToDetect"]);
        Assert.Equal([("retrain", "credit-004")], late["uselessActions"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["model"]!.GetValue<string>())));
        Assert.True(Long(late, "impact") > Long(ideal, "impact"));
        Assert.True(Long(late, "excessOverIdeal") > 0);

        // The idle team gets the full impact: exactly what the plain do-nothing run served.
        var idle = teams["idle"];
        Assert.Equal(Long(idle, "doNothingImpact"), Long(idle, "impact"));
        Assert.True(Long(idle, "impact") > Long(late, "impact"));
        Assert.Null(idle["timeToMitigate"]);
        Assert.Empty(idle["actions"]!.AsArray());
        Assert.True(idle["unacknowledgedAlerts"]!.GetValue<int>() > 0);

        // Isolated: nothing one team did is in another's run or alert book.
        var idleJournal = (await GetAsync($"/api/runs/{runs["idle"]}/summary"))["journal"]!.AsArray();
        Assert.DoesNotContain(idleJournal, e => e!["kind"]!.GetValue<string>() is "retrain" or "kill-switch");
        Assert.DoesNotContain((await GetAsync($"/api/incidents?world={runs["idle"]}")).AsArray(), x => x!["acknowledgedBy"] is not null);

        var ended = await PostAsync($"/api/exercises/{id}/end", HttpStatusCode.OK);
        Assert.Equal("ended", ended["state"]!.GetValue<string>());
        Assert.Equal("ended", (await GetAsync($"/api/exercises/{id}"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pause_and_resume_steer_every_team_and_the_exercise_outlives_a_restart_of_its_store_reader()
    {
        var exercise = await CreateAsync(["a", "b"], speed: 0);
        var id = exercise["id"]!.GetValue<string>();
        var started = await PostAsync($"/api/exercises/{id}/start", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsync($"/api/exercises/{id}/start", null)).StatusCode);
        Assert.Equal("paused", (await PostAsync($"/api/exercises/{id}/pause", HttpStatusCode.OK))["state"]!.GetValue<string>());
        foreach (var team in started["teams"]!.AsArray())
            Assert.Equal("paused", (await GetAsync($"/api/runs/{team!["runId"]}"))["state"]!.GetValue<string>());
        await PostAsync($"/api/exercises/{id}/resume", HttpStatusCode.OK);
        await PostAsync($"/api/exercises/{id}/end", HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PostAsync($"/api/exercises/{id}/resume", null)).StatusCode);

        var store = (Fleet.Silo.Storage.IExerciseStore)_host.Services.GetService(typeof(Fleet.Silo.Storage.IExerciseStore))!;
        var stored = (await store.ListAsync()).Single(e => e.Id == id);
        Assert.Equal("ended", stored.State);
        Assert.Equal(2, stored.Teams.Count(t => t.RunId is not null));
    }

    [Theory]
    [InlineData("""{"scenario": "x", "teams": [{"name": "a"}]}""", "name")]
    [InlineData("""{"name": "n", "teams": [{"name": "a"}]}""", "scenario")]
    [InlineData("""{"name": "n", "scenario": "no-such-scenario", "teams": [{"name": "a"}]}""", "scenario")]
    [InlineData("""{"name": "n", "scenario": "../etc/passwd", "teams": [{"name": "a"}]}""", "scenario")]
    [InlineData("""{"name": "n", "scenario": "demo", "teams": []}""", "teams")]
    [InlineData("""{"name": "n", "scenario": "demo", "teams": [{"name": "a"}, {"name": "A"}]}""", "teams[1].name")]
    [InlineData("""{"name": "n", "scenario": "demo", "teams": [{"name": "a", "trainees": [""]}]}""", "teams[0].trainees[0]")]
    [InlineData("""{"name": "n", "scenario": "demo", "speed": -1, "teams": [{"name": "a"}]}""", "speed")]
    [InlineData("""{"name": "n", "scenario": "name: x\nduration: 1h\nfleet: [{domain: credit, count: 1}]\nidealResponse: [{action: retrain}]\n", "teams": [{"name": "a"}]}""", "idealResponse[0].before")]
    public async Task A_bad_exercise_is_refused_naming_its_field(string body, string field)
    {
        var answer = await Http.PostAsync("/api/exercises", Api.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }

    private async Task<JsonNode> CreateAsync(string[] teams, double speed = 0) =>
        await PostAsync("/api/exercises", HttpStatusCode.Created, new JsonObject
        {
            ["name"] = "drill", ["scenario"] = Yaml, ["speed"] = speed, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray([.. teams.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["trainees"] = new JsonArray("ana") })]),
        });

    private async Task ActAsync(string world, string model, string action) =>
        await PostAsync($"/api/models/{model}/actions?world={world}", HttpStatusCode.Accepted,
            new JsonObject { ["action"] = action, ["by"] = "ana", ["reason"] = "drill" });

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

    private async Task<JsonNode> GetAsync(string path)
    {
        var answer = await Http.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {answer.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> PostAsync(string path, HttpStatusCode expected, JsonNode? body = null)
    {
        var answer = await Http.PostAsync(path, body is null ? null : Api.Body(body));
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == expected, $"{path}: {answer.StatusCode} {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    private static TimeSpan? Duration(JsonNode score, string name) => score[name] is { } v ? TimeSpan.Parse(v.GetValue<string>()) : null;

    private static long Long(JsonNode score, string name) => score[name]!.GetValue<long>();
}
