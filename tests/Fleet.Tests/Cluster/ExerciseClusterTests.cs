using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using RunApi = Fleet.Tests.Journal.Runs;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Operations: PostgreSQL cluster", exercises are cluster-wide: two real silo processes on a real PostgreSQL
/// server, each in its own working directory. An exercise created through A is started, answered, resumed and ended
/// through the silos in turn; both read the same exercise, timeline and scores, and its question is asked once.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ExerciseClusterTests(SharedClusterFixture cluster)
{
    private const string WithDecision = Yaml + """
        decisionPoints:
          - { at: 20m, question: "Two credit models page. What do you do now?", choices: [retrain, wait] }

        """;

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_exercise_created_through_one_silo_is_steered_answered_and_scored_through_the_other_alike()
    {
        var (a, b) = (cluster.A, cluster.B);

        // Created through A (after both silos started: nothing read at start can hold it); B reads it.
        var created = await Json(await a.Http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "cluster drill", ["scenario"] = WithDecision, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red", ["trainees"] = new JsonArray("ana") }),
        })), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var readOnB = await Json(await b.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK);
        Assert.Equal(("cluster drill", "created"), (readOnB["name"]!.GetValue<string>(), readOnB["state"]!.GetValue<string>()));
        Assert.Equal(created["teams"]!.ToJsonString(), readOnB["teams"]!.ToJsonString());
        Assert.Contains((await Json(await b.Http.GetAsync("/api/exercises"), HttpStatusCode.OK)).AsArray(), e => e!["id"]!.GetValue<string>() == id);

        // Started through B (its team's run plays on B): the run stops at 20m by itself, and A sees the question.
        var started = await Json(await b.Http.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        var run = started["teams"]![0]!["runId"]!.GetValue<string>();
        // Scores so far through A, which plays no team run: A plays the counterfactual runs (meanwhile, not at the end).
        using var scoringA = new HttpClient { BaseAddress = a.Address, Timeout = Within * 2 }.Authorized(TestKeys.Admin);
        using var scoringB = new HttpClient { BaseAddress = b.Address, Timeout = Within * 2 }.Authorized(TestKeys.Admin);
        var scoring = scoringA.GetAsync($"/api/exercises/{id}/score");
        Assert.Equal("running", (await Json(await a.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["state"]!.GetValue<string>());
        var question = await OpenQuestionAsync(a, run);
        Assert.Equal(Start + TimeSpan.FromMinutes(20), question["at"]!.GetValue<DateTimeOffset>());
        var held = await RunApi.StatusAsync(a.Http, run);
        Assert.Equal(("paused", Start + TimeSpan.FromMinutes(20)), (held["state"]!.GetValue<string>(), held["now"]!.GetValue<DateTimeOffset>()));

        // Paused through A, answered through A, seen through B.
        Assert.Equal("paused", (await Json(await a.Http.PostAsync($"/api/exercises/{id}/pause", null), HttpStatusCode.OK))["state"]!.GetValue<string>());
        Assert.Equal("paused", (await Json(await b.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["state"]!.GetValue<string>());
        await Json(await a.Http.PostAsync($"/api/decisions?world={run}", Api.Body("""{"point": 0, "choice": "retrain", "by": "ana"}""")), HttpStatusCode.OK);
        var decisions = (await Json(await b.Http.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["decisions"]!.AsArray();
        var decision = Assert.Single(decisions)!; // asked once in the cluster
        Assert.Equal(("red", "retrain", "ana"), (decision["team"]!.GetValue<string>(), decision["choice"]!.GetValue<string>(), decision["by"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await b.Http.GetAsync($"/api/decisions?world={run}")).StatusCode);

        // Resumed through B, played to its end, ended through A: both silos give the same timeline and scores.
        Assert.Equal("running", (await Json(await b.Http.PostAsync($"/api/exercises/{id}/resume", null), HttpStatusCode.OK))["state"]!.GetValue<string>());
        await RunApi.WaitAsync(a.Http, run, s => s["state"]!.GetValue<string>() == "finished", Within, "finished");
        Assert.Equal("ended", (await Json(await a.Http.PostAsync($"/api/exercises/{id}/end", null), HttpStatusCode.OK))["state"]!.GetValue<string>());
        var conflict = await b.Http.PostAsync($"/api/exercises/{id}/start", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode); // B sees the end A made

        await Json(await scoring, HttpStatusCode.OK);
        var scoreA = await Json(await scoringA.GetAsync($"/api/exercises/{id}/score"), HttpStatusCode.OK);
        var scoreB = await Json(await scoringB.GetAsync($"/api/exercises/{id}/score"), HttpStatusCode.OK);
        Assert.Equal(scoreA.ToJsonString(), scoreB.ToJsonString());
        Assert.Equal("red", Assert.Single(scoreA["teams"]!.AsArray())!["team"]!.GetValue<string>());
        Assert.Equal("ended", scoreA["state"]!.GetValue<string>());
        var timelineA = await Json(await scoringA.GetAsync($"/api/exercises/{id}/timeline"), HttpStatusCode.OK);
        var timelineB = await Json(await scoringB.GetAsync($"/api/exercises/{id}/timeline"), HttpStatusCode.OK);
        Assert.Equal(timelineA.ToJsonString(), timelineB.ToJsonString());
        Assert.Contains(timelineA["teams"]![0]!["moments"]!.AsArray(), m => m!["kind"]?.GetValue<string>() == "decision" && m["by"]?.GetValue<string>() == "ana");
    }

    private static async Task<JsonNode> OpenQuestionAsync(SiloProcess silo, string run)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            using var answer = await silo.Http.GetAsync($"/api/decisions?world={run}");
            if (answer.StatusCode == HttpStatusCode.OK) return await Api.ReadJsonAsync(answer);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, $"the team of {run} was never asked:\n{silo.Output}");
            await Task.Delay(100);
        }
    }
}
