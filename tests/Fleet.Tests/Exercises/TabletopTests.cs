using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using JournalRuns = Fleet.Tests.Journal.Runs;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A tabletop over the real host: a run with two decision points is played to its end; the facilitator steps through it
/// with the room (one team), point by point, without live play; the room's answers are recorded; the replayed run ends
/// with the recorded digest.
/// </summary>
public sealed class TabletopTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private const string TwoPoints = Yaml + """
        decisionPoints:
          - { at: 20m, question: "Two credit models page. Who do you call?", choices: [model owner, platform] }
          - { at: 40m, question: "What now?" }

        """;

    private HttpClient Admin => fixture.Host.Http;

    private Task<CliResult> Fleet(params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);

    [Fact]
    public async Task The_facilitator_steps_through_an_ended_run_point_by_point_and_the_room_answers()
    {
        var recorded = await JournalRuns.StartAsync(Admin, new JsonObject { ["scenario"] = TwoPoints, ["start"] = Api.Iso(Start), ["speed"] = 0 });
        await Field(await Post("/api/exercises", new JsonObject
        {
            ["name"] = "too soon", ["tabletop"] = recorded, ["teams"] = new JsonArray(new JsonObject { ["name"] = "room" }),
        }), "tabletop"); // refused while it still plays
        await Admin.PostAsync($"/api/runs/{recorded}/speed", Api.Body("{}"));
        var original = await JournalRuns.WaitForStateAsync(Admin, recorded, "finished", TimeSpan.FromMinutes(2));
        await Field(await Post("/api/exercises", new JsonObject
        {
            ["name"] = "x", ["tabletop"] = "no-such-run", ["teams"] = new JsonArray(new JsonObject { ["name"] = "room" }),
        }), "tabletop");
        var plain = await JournalRuns.StartAsync(Admin, new JsonObject { ["scenario"] = Yaml, ["start"] = Api.Iso(Start) });
        await JournalRuns.WaitForStateAsync(Admin, plain, "finished", TimeSpan.FromMinutes(2));
        await Field(await Post("/api/exercises", new JsonObject
        {
            ["name"] = "x", ["tabletop"] = plain, ["teams"] = new JsonArray(new JsonObject { ["name"] = "room" }),
        }), "tabletop"); // no decision points to step through

        var created = await Fleet("exercise", "create", "--name", "Friday tabletop", "--tabletop", recorded, "--team", "room", "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        var id = JsonNode.Parse(created.Output)!["id"]!.GetValue<string>();
        Assert.Equal(0, (await Fleet("exercise", "start", id)).ExitCode);
        var exercise = await Json(await Admin.GetAsync($"/api/exercises/{id}"));
        Assert.Equal(recorded, exercise["tabletop"]!.GetValue<string>());
        var run = exercise["teams"]![0]!["runId"]!.GetValue<string>();

        // No live play: the run stays at its start until the facilitator says next; resume is refused.
        await Task.Delay(500);
        Assert.Equal(Start, (await JournalRuns.StatusAsync(Admin, run))["now"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsync($"/api/exercises/{id}/resume", null)).StatusCode);

        foreach (var (point, at, answer) in new[] { (0, 20, """{"choice": "model owner", "answer": "lending", "by": "room"}"""), (1, 40, """{"answer": "retrain both", "by": "room"}""") })
        {
            var next = await Fleet("exercise", "next", id);
            Assert.True(next.ExitCode == 0, next.Error);
            var question = await WaitAskedAsync(run, point);
            Assert.Equal(Start + TimeSpan.FromMinutes(at), question["at"]!.GetValue<DateTimeOffset>());
            var status = await JournalRuns.StatusAsync(Admin, run);
            Assert.Equal(Start + TimeSpan.FromMinutes(at), status["now"]!.GetValue<DateTimeOffset>());
            Assert.Equal("paused", status["state"]!.GetValue<string>());
            Assert.Equal(point, (await Json(await Admin.PostAsync($"/api/decisions?world={run}", Api.Body(answer))))["point"]!.GetValue<int>());
        }
        Assert.Equal(0, (await Fleet("exercise", "next", id)).ExitCode); // no point left: to the end
        var ended = await JournalRuns.WaitForStateAsync(Admin, run, "finished", TimeSpan.FromMinutes(2));
        Assert.Equal(original["digest"]!.GetValue<string>(), ended["digest"]!.GetValue<string>()); // the recorded run, replayed

        var decisions = (await Json(await Admin.GetAsync($"/api/exercises/{id}")))["decisions"]!.AsArray();
        Assert.Equal(["model owner: lending", "retrain both"],
            decisions.Select(d => string.Join(": ", new[] { d!["choice"]?.GetValue<string>(), d["answer"]!.GetValue<string>() }.Where(t => t is not null))));
        var journal = await JournalRuns.JournalAsync(Admin, run, limit: 1000);
        Assert.Equal(["point 0: model owner: lending", "point 1: retrain both"],
            journal.Where(e => e["kind"]!.GetValue<string>() == "decision").Select(e => e["detail"]!.GetValue<string>()));

        var live = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "live", ["scenario"] = TwoPoints, ["speed"] = 0, ["teams"] = new JsonArray(new JsonObject { ["name"] = "a" }),
        })), HttpStatusCode.Created);
        await Json(await Admin.PostAsync($"/api/exercises/{live["id"]}/start", null));
        var notTabletop = await Admin.PostAsync($"/api/exercises/{live["id"]}/next", null);
        Assert.Equal(HttpStatusCode.Conflict, notTabletop.StatusCode);
        Assert.Equal("state", await KeyApi.FieldAsync(notTabletop));
        await Admin.PostAsync($"/api/exercises/{live["id"]}/end", null);
        await Admin.PostAsync($"/api/exercises/{id}/end", null);
    }

    private async Task<JsonNode> WaitAskedAsync(string run, int point)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var answer = await Admin.GetAsync($"/api/decisions?world={run}");
            if (answer.StatusCode == HttpStatusCode.OK && await Json(answer) is var open && open["point"]!.GetValue<int>() == point) return open;
            Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked point {point}");
            await Task.Delay(50);
        }
    }

    private Task<HttpResponseMessage> Post(string path, JsonObject body) => Admin.PostAsync(path, Api.Body(body));

    private static async Task Field(HttpResponseMessage answer, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, await KeyApi.FieldAsync(answer));
    }
}
