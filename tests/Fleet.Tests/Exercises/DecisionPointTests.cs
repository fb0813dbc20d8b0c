using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A decision point at 20m stops every team's run there by itself, puts the question to each team, records a team's
/// answer with the time it took, and nothing plays on until the facilitator resumes.
/// </summary>
public sealed class DecisionPointTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private const string WithDecision = Yaml + """
        decisionPoints:
          - { at: 20m, question: "Two credit models page. What do you do now?", choices: [retrain, roll back, wait] }

        """;

    private HttpClient Admin => fixture.Host.Http;

    [Fact]
    public async Task A_decision_point_stops_every_team_records_answers_and_waits_for_the_facilitator()
    {
        var exercise = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "tabletop", ["scenario"] = WithDecision, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red" }, new JsonObject { ["name"] = "blue" }),
        })), HttpStatusCode.Created);
        var id = exercise["id"]!.GetValue<string>();
        var started = await Json(await Admin.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        var red = started["teams"]![0]!["runId"]!.GetValue<string>();
        var blue = started["teams"]![1]!["runId"]!.GetValue<string>();
        var stop = Start + TimeSpan.FromMinutes(20);

        // Both runs stop at 20m by themselves, and each team is asked.
        foreach (var run in new[] { red, blue })
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await Optional(await Admin.GetAsync($"/api/decisions?world={run}"))) is not JsonObject)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked");
                await Task.Delay(50);
            }
            var status = await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK);
            Assert.Equal("paused", status["state"]!.GetValue<string>());
            Assert.Equal(stop, status["now"]!.GetValue<DateTimeOffset>());
        }

        using var trainee = new CookieSession(fixture.Host.BaseAddress);
        var joined = await Json(await trainee.SendAsync(HttpMethod.Post, "/api/exercises/join",
            $$"""{"code": "{{exercise["teams"]![0]!["joinCode"]}}", "name": "ana"}"""), HttpStatusCode.OK);
        trainee.Antiforgery = joined["antiforgery"]!.GetValue<string>();
        var question = await Json(await trainee.SendAsync(HttpMethod.Get, "/api/decisions"), HttpStatusCode.OK);
        Assert.Equal("Two credit models page. What do you do now?", question["question"]!.GetValue<string>());
        Assert.Equal(["retrain", "roll back", "wait"], question["choices"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(stop, question["at"]!.GetValue<DateTimeOffset>());

        var wrongChoice = await trainee.SendAsync(HttpMethod.Post, "/api/decisions", """{"point": 0, "choice": "panic", "by": "ana"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongChoice.StatusCode);
        Assert.Equal("choice", await KeyApi.FieldAsync(wrongChoice));
        await Task.Delay(300);
        var answered = await Json(await trainee.SendAsync(HttpMethod.Post, "/api/decisions",
            """{"point": 0, "answer": "retrain the two drifted models on recent labels", "choice": "retrain", "by": "ana"}"""), HttpStatusCode.OK);
        Assert.True(TimeSpan.Parse(answered["timeTaken"]!.GetValue<string>()) >= TimeSpan.FromMilliseconds(300));
        var again = await trainee.SendAsync(HttpMethod.Post, "/api/decisions", """{"answer": "twice"}""");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("point", await KeyApi.FieldAsync(again));
        Assert.Equal(HttpStatusCode.NoContent, (await trainee.SendAsync(HttpMethod.Get, "/api/decisions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainee.SendAsync(HttpMethod.Post, $"/api/exercises/{id}/resume", "{}")).StatusCode);

        // Answered or not, nothing plays on without the facilitator.
        await Task.Delay(1000);
        foreach (var run in new[] { red, blue })
            Assert.Equal(stop, (await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["now"]!.GetValue<DateTimeOffset>());
        var decisions = (await Json(await Admin.GetAsync($"/api/exercises/{id}"), HttpStatusCode.OK))["decisions"]!.AsArray();
        Assert.Equal("retrain", decisions.Single(d => d!["team"]!.GetValue<string>() == "red")!["choice"]!.GetValue<string>());
        Assert.Null(decisions.Single(d => d!["team"]!.GetValue<string>() == "blue")!["answeredAt"]);
        var stored = (await ((Fleet.Silo.Storage.IExerciseStore)fixture.Host.Services.GetService(typeof(Fleet.Silo.Storage.IExerciseStore))!).ListAsync())
            .Single(e => e.Id == id);
        Assert.Equal("retrain the two drifted models on recent labels", stored.Decisions.Single(d => d.Team == "red").Answer);

        await Json(await Admin.PostAsync($"/api/exercises/{id}/resume", null), HttpStatusCode.OK);
        foreach (var run in new[] { red, blue })
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["now"]!.GetValue<DateTimeOffset>() <= stop)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{run} did not play on after the resume");
                await Task.Delay(50);
            }
        }
        await Admin.PostAsync($"/api/exercises/{id}/end", null);
    }

    /// <summary>The open question (200) or null (204, none yet).</summary>
    private static async Task<JsonNode?> Optional(HttpResponseMessage answer) =>
        answer.StatusCode == HttpStatusCode.NoContent ? null : await Json(answer, HttpStatusCode.OK);
}
