using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Journal;

/// <summary>
/// Silences set and lifted in a run's world are run inputs: a real silo restart on one SQLite file (the run replayed from its
/// journal into an emptied world) keeps them with their author, and a replay sets and lifts them at the same event times.
/// </summary>
public sealed class SilenceInputTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silence_set_and_one_lifted_in_a_run_world_survive_a_silo_restart_with_their_authors()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string run;
        JsonArray before;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            run = await Runs.StartAsync(first.Http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
            await Runs.StepToAsync(first.Http, run, 3);
            var refused = await first.Http.PostAsync($"/api/silences?world={run}", Api.Body("""{"model": "credit-001", "duration": "soon", "by": "ana", "reason": "known"}"""));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("duration", (await Api.ReadJsonAsync(refused))["field"]!.GetValue<string>());

            await SilenceAsync(first.Http, run, "credit-001", "ana");
            await SilenceAsync(first.Http, run, "fraud-001", "bo");
            await Runs.StepToAsync(first.Http, run, 4);
            before = await SilencesAsync(first.Http, run);
            Assert.Equal(2, before.Count);
            var lifted = before.Single(s => s!["by"]!.GetValue<string>() == "bo")!["id"]!.GetValue<string>();
            var unknown = await first.Http.DeleteAsync($"/api/silences/SIL-9999?by=cy&world={run}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await first.Http.DeleteAsync($"/api/silences/{lifted}?by=cy&world={run}")).StatusCode);
            await Runs.StepToAsync(first.Http, run, 5);
            before = await SilencesAsync(first.Http, run);
            Assert.Equal("cy", before.Single(s => s!["id"]!.GetValue<string>() == lifted)!["endedBy"]?.GetValue<string>());
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        await Runs.WaitAsync(second.Http, run, s => s["jumpingTo"] is null && s["ticks"]!.GetValue<long>() == 5, Within, "back at tick 5");
        var after = await SilencesAsync(second.Http, run);
        Assert.Equal(before.ToJsonString(), after.ToJsonString()); // same ids, authors, times, and the lifted one lifted by cy
        Assert.Contains(after, s => s!["by"]!.GetValue<string>() == "ana" && s["matcher"]!["model"]!.GetValue<string>() == "credit-001" && s["endedAt"] is null);
    }

    [Fact]
    public async Task A_replay_of_a_run_with_a_silence_sets_it_at_the_same_time_and_has_the_original_digest()
    {
        await using var host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);
        var http = host.Http;
        var original = await Runs.StartAsync(http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
        await Runs.StepToAsync(http, original, 20);
        await SilenceAsync(http, original, "credit-002", "ana");
        await Runs.StepToAsync(http, original, 22);
        await http.PostAsync($"/api/runs/{original}/speed", Api.Body("{}"));
        var done = await Runs.WaitForStateAsync(http, original, "finished", Within);

        var answer = await http.PostAsync($"/api/runs/{original}/replay", Api.Body("{}"));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var replay = (await Api.ReadJsonAsync(answer))["id"]!.GetValue<string>();
        await Runs.WaitForStateAsync(http, replay, "finished", Within);
        var judged = await Runs.WaitAsync(http, replay, s => s["verdict"] is not null, TimeSpan.FromSeconds(30), "judged");

        Assert.Equal(done["digest"]!.GetValue<string>(), judged["digest"]!.GetValue<string>());
        var set = Assert.Single(await SilencesAsync(http, original))!;
        var replayed = Assert.Single(await SilencesAsync(http, replay))!;
        Assert.Equal(set.ToJsonString(), replayed.ToJsonString());
        Assert.Equal("ana", replayed["by"]!.GetValue<string>());
    }

    private static async Task SilenceAsync(HttpClient http, string run, string model, string by)
    {
        var answer = await http.PostAsync($"/api/silences?world={run}", Api.Body(new JsonObject
        {
            ["model"] = model, ["duration"] = "2h", ["by"] = by, ["reason"] = "known drift",
        }));
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonArray> SilencesAsync(HttpClient http, string run) =>
        (await Api.ReadJsonAsync(await http.GetAsync($"/api/silences?world={run}"))).AsArray();
}
