using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using static Fleet.Tests.Exercises.ExerciseScenario;

namespace Fleet.Tests.Journal;

/// <summary>
/// An acknowledgement made through the incidents API in a run's world is a run input: after a real silo restart on one
/// SQLite file (the run replayed from its journal into an emptied world) the resumed run's book still has it, by the same person.
/// </summary>
public sealed class BookInputRestartTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task An_incident_acknowledged_over_http_in_a_run_world_is_still_acknowledged_by_the_same_person_after_a_restart()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string run, incident;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            run = await StartExerciseRunAsync(first.Http);
            await Runs.WaitAsync(first.Http, run, s => s["state"]!.GetValue<string>() == "paused" && s["now"]!.GetValue<DateTimeOffset>() == Start + TimeSpan.FromMinutes(20), Within, "held at its decision point");
            incident = (await Incidents(first.Http, run)).First(i => i!["acknowledgedBy"] is null)!["id"]!.GetValue<string>();

            var unknown = await first.Http.PostAsync($"/api/incidents/INC-9999/ack?world={run}", Api.Body("""{"by": "ana"}"""));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("id", (await Api.ReadJsonAsync(unknown))["field"]!.GetValue<string>());

            var acked = await first.Http.PostAsync($"/api/incidents/{incident}/ack?world={run}", Api.Body("""{"by": "ana", "reason": "on it"}"""));
            Assert.True(acked.IsSuccessStatusCode, $"{acked.StatusCode}: {await acked.Content.ReadAsStringAsync()}");
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var resumed = await Runs.WaitAsync(second.Http, run, s => s["jumpingTo"] is null, Within, "back where it was");
        Assert.Equal(Start + TimeSpan.FromMinutes(20), resumed["now"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.OK, (await second.Http.PostAsync($"/api/runs/{run}/step", null)).StatusCode);
        await Runs.WaitAsync(second.Http, run, s => s["now"]!.GetValue<DateTimeOffset>() > Start + TimeSpan.FromMinutes(20), Within, "one tick on");

        var after = (await Incidents(second.Http, run)).Single(i => i!["id"]!.GetValue<string>() == incident)!;
        Assert.Equal("ana", after["acknowledgedBy"]?.GetValue<string>());
        var journal = await Runs.JournalAsync(second.Http, run, limit: 1000);
        Assert.Single(journal, e => e["kind"]!.GetValue<string>() == "acknowledge" && e["target"]!.GetValue<string>() == incident
            && e["input"] is not null); // journaled once as an input, not twice by the replay
    }

    private static async Task<string> StartExerciseRunAsync(HttpClient http)
    {
        var created = await Api.ReadJsonAsync(await http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "night shift", ["scenario"] = Yaml + """
                decisionPoints:
                  - { at: 20m, question: "Two credit models page. What do you do now?" }

                """,
            ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red", ["trainees"] = new JsonArray("ana") }),
        })));
        var id = created["id"]!.GetValue<string>();
        var started = await Api.ReadJsonAsync(await http.PostAsync($"/api/exercises/{id}/start", null));
        return started["teams"]![0]!["runId"]!.GetValue<string>();
    }

    private static async Task<JsonArray> Incidents(HttpClient http, string run) =>
        (await Api.ReadJsonAsync(await http.GetAsync($"/api/incidents?world={run}&open=true"))).AsArray();
}
