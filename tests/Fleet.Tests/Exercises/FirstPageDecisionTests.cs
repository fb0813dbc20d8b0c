using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A decision point with <c>when: first-page</c> stops each team's run after the tick in which that team's first page
/// fires, and puts the question to the team there, as a timed one does.
/// </summary>
public sealed class FirstPageDecisionTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private const string AtFirstPage = Yaml + """
        decisionPoints:
          - { when: first-page, question: "You were paged. What first?", choices: [acknowledge, retrain] }

        """;

    private HttpClient Admin => fixture.Host.Http;

    [Fact]
    public async Task Each_team_stops_at_its_first_page_and_is_asked()
    {
        var exercise = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "paged", ["scenario"] = AtFirstPage, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red" }, new JsonObject { ["name"] = "blue" }),
        })), HttpStatusCode.Created);
        var id = exercise["id"]!.GetValue<string>();
        var started = await Json(await Admin.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        foreach (var team in started["teams"]!.AsArray())
        {
            var run = team!["runId"]!.GetValue<string>();
            JsonNode? question;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((question = await Optional(await Admin.GetAsync($"/api/decisions?world={run}"))) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked");
                await Task.Delay(50);
            }
            Assert.Equal("You were paged. What first?", question["question"]!.GetValue<string>());
            var status = await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK);
            Assert.Equal("paused", status["state"]!.GetValue<string>());
            var now = status["now"]!.GetValue<DateTimeOffset>();
            Assert.Equal(now, question["at"]!.GetValue<DateTimeOffset>());

            // The run stopped right after the tick of its first page: a page fired in that tick, none before it.
            var pages = (await Json(await Admin.GetAsync($"/api/alerts?world={run}&severity=page"), HttpStatusCode.OK)).AsArray()
                .Select(a => (a!["activeSince"] ?? a["since"])!.GetValue<DateTimeOffset>()).ToList();
            Assert.NotEmpty(pages);
            Assert.InRange(pages.Min(), now - Tick, now);
            Assert.True(now > Start + ImpactAt, $"stopped at {now}, before the fault at {Start + ImpactAt}");

            await Task.Delay(500);
            Assert.Equal(now, (await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["now"]!.GetValue<DateTimeOffset>());
        }
        await Admin.PostAsync($"/api/exercises/{id}/end", null);
    }

    [Fact]
    public async Task An_answer_is_in_the_team_runs_durable_journal()
    {
        var exercise = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "journaled", ["scenario"] = AtFirstPage, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "green" }),
        })), HttpStatusCode.Created);
        var id = exercise["id"]!.GetValue<string>();
        var run = (await Json(await Admin.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK))["teams"]![0]!["runId"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await Optional(await Admin.GetAsync($"/api/decisions?world={run}")) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked");
            await Task.Delay(50);
        }
        using var trainee = new CookieSession(fixture.Host.BaseAddress);
        var joined = await Json(await trainee.SendAsync(HttpMethod.Post, "/api/exercises/join",
            $$"""{"code": "{{exercise["teams"]![0]!["joinCode"]}}", "name": "ana"}"""), HttpStatusCode.OK);
        trainee.Antiforgery = joined["antiforgery"]!.GetValue<string>();
        await Json(await trainee.SendAsync(HttpMethod.Post, "/api/decisions",
            """{"point": 0, "answer": "ack and look at the drift", "choice": "acknowledge", "by": "ana"}"""), HttpStatusCode.OK);

        // In the database as soon as the answer is taken (the run still paused), as a fact: a replay never plays it.
        var journal = (Fleet.Silo.Storage.Runs.SqlRunJournal)fixture.Host.Services.GetService(typeof(Fleet.Silo.Storage.Runs.SqlRunJournal))!;
        var stored = Assert.Single(await journal.FactsAsync(run), e => e.Kind == "decision");
        Assert.Null(stored.Input);

        // The journal API serves the open tick's entries once the tick commits or the run ends.
        await Json(await Admin.PostAsync($"/api/exercises/{id}/end", null), HttpStatusCode.OK);
        JsonNode? decision = null;
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (decision is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the answer never showed in GET /api/runs/{id}/journal");
            var entries = new List<JsonNode>();
            for (long? after = -1; after is { } cursor;)
            {
                var page = await Json(await Admin.GetAsync($"/api/runs/{run}/journal?after={cursor}&limit=1000"), HttpStatusCode.OK);
                entries.AddRange(page["entries"]!.AsArray().Select(e => e!));
                after = page["next"]?.GetValue<long>();
            }
            decision = entries.SingleOrDefault(e => e["kind"]!.GetValue<string>() == "decision");
            if (decision is null) await Task.Delay(100);
        }
        Assert.Equal("green", decision["target"]!.GetValue<string>());
        Assert.Equal("ana", decision["by"]!.GetValue<string>());
        Assert.Equal("point 0: acknowledge: ack and look at the drift", decision["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ when: soon, question: q }")]
    [InlineData("{ when: first-page, at: 20m, question: q }")]
    public async Task A_decision_point_with_a_wrong_trigger_is_refused_naming_when(string point)
    {
        var answer = await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "bad", ["scenario"] = Yaml + $"decisionPoints:\n  - {point}\n",
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red" }),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("decisionPoints[0].when", await KeyApi.FieldAsync(answer));
    }

    private static async Task<JsonNode?> Optional(HttpResponseMessage answer) =>
        answer.StatusCode == HttpStatusCode.NoContent ? null : await Json(answer, HttpStatusCode.OK);
}
