using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using JournalRuns = Fleet.Tests.Journal.Runs;
using Fleet.Tests.Storage;
using Xunit.Abstractions;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A real silo restart on one SQLite file in the middle of an exercise: the team's run is resumed from its journal and
/// re-attached to the exercise (it stops again at the decision point still ahead), and it ends with the scores and the
/// journal of the same exercise played without a stop.
/// </summary>
public sealed class ExerciseRestartTests(ITestOutputHelper output)
{
    private const string TwoDecisions = Yaml + """
        decisionPoints:
          - { at: 20m, question: "Two credit models page. What do you do now?", choices: [retrain, wait] }
          - { at: 30m, question: "Labels from after the change are in. Now?" }

        """;

    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task An_exercise_interrupted_by_a_restart_resumes_its_team_run_and_ends_with_the_uninterrupted_scores_and_journal()
    {
        using var file = new TempSqliteFile();
        string[] settings = [$"--Fleet:Storage:SqlitePath={file.Path}", "--Fleet:Demo:Enabled=false"];
        string interrupted, run;
        await using (var first = await FleetTestHost.StartAsync(settings: settings))
        {
            (interrupted, run) = await StartAsync(first.Http);
            await ActAndAnswerFirstAsync(first.Http, run);
        }

        await using var second = await FleetTestHost.StartAsync(settings: settings);
        var resumed = await JournalRuns.WaitAsync(second.Http, run, s => s["jumpingTo"] is null, Within, "back where it was");
        Assert.Equal("paused", resumed["state"]!.GetValue<string>()); // stopped at the decision point: it stays stopped
        Assert.Equal(Start + TimeSpan.FromMinutes(20), resumed["now"]!.GetValue<DateTimeOffset>());
        var afterRestart = await PlayToTheEndAsync(second.Http, interrupted, run);

        var (whole, wholeRun) = await StartAsync(second.Http);
        await ActAndAnswerFirstAsync(second.Http, wholeRun);
        var reference = await PlayToTheEndAsync(second.Http, whole, wholeRun);

        output.WriteLine(afterRestart.ToJsonString());
        Assert.NotNull(reference["timeToMitigate"]);
        Assert.InRange(reference["impact"]!.GetValue<long>(), 1, reference["doNothingImpact"]!.GetValue<long>() - 1);
        Assert.Equal(Comparable(reference), Comparable(afterRestart));
        // Time to acknowledge runs from the incident's detection, which is the time of whichever model's alert reached the
        // alert book first in its tick (models of a tick are sent together): checked against each run's own book.
        foreach (var (world, score) in new[] { (run, afterRestart), (wholeRun, reference) })
        {
            var acked = (await Json(await second.Http.GetAsync($"/api/incidents?world={world}"), HttpStatusCode.OK)).AsArray()
                .Single(i => i!["acknowledgedBy"]?.GetValue<string>() == "ana")!["milestones"]!;
            Assert.Equal(acked["acknowledged"]!.GetValue<DateTimeOffset>() - acked["detected"]!.GetValue<DateTimeOffset>(),
                TimeSpan.Parse(score["timeToAcknowledge"]!.GetValue<string>()));
        }
        var journal = await JournalRuns.JournalAsync(second.Http, run, limit: 1000);
        var reJournal = await JournalRuns.JournalAsync(second.Http, wholeRun, limit: 1000);
        Assert.Contains(journal, e => e["kind"]!.GetValue<string>() == "decision");
        Assert.Equal(reJournal.Select(Entry), journal.Select(Entry)); // nothing lost (the answer's tick too), nothing twice
    }

    private static async Task<(string Exercise, string Run)> StartAsync(HttpClient http)
    {
        var created = await Json(await http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "night shift", ["scenario"] = TwoDecisions, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red", ["trainees"] = new JsonArray("ana") }),
        })), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var started = await Json(await http.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        return (id, started["teams"]![0]!["runId"]!.GetValue<string>());
    }

    /// <summary>
    /// At the first decision point the team acknowledges (an input of the next tick) and then answers: the answer is the
    /// last entry written for that tick, so the tick's facts (the acknowledgement applied) go after it.
    /// </summary>
    private static async Task ActAndAnswerFirstAsync(HttpClient http, string run)
    {
        await WaitAskedAsync(http, run, 0);
        await ActAsync(http, run, "credit-001", "acknowledge");
        await AnswerAsync(http, run, 0, """{"point": 0, "choice": "retrain", "answer": "both drifted models", "by": "ana"}""");
    }

    /// <summary>Resumes the exercise; at the second point retrains the drifted models and answers; plays to the end; the team's score.</summary>
    private static async Task<JsonNode> PlayToTheEndAsync(HttpClient http, string exercise, string run)
    {
        await Json(await http.PostAsync($"/api/exercises/{exercise}/resume", null), HttpStatusCode.OK);
        await WaitAskedAsync(http, run, 1);
        Assert.Equal(Start + TimeSpan.FromMinutes(30), (await JournalRuns.StatusAsync(http, run))["now"]!.GetValue<DateTimeOffset>());
        foreach (var model in Drifted) await ActAsync(http, run, model, "retrain");
        await AnswerAsync(http, run, 1, """{"point": 1, "answer": "retrain both", "by": "ana"}""");
        await Json(await http.PostAsync($"/api/exercises/{exercise}/resume", null), HttpStatusCode.OK);
        await JournalRuns.WaitForStateAsync(http, run, "finished", Within);
        var score = await Json(await http.GetAsync($"/api/exercises/{exercise}/score"), HttpStatusCode.OK);
        return score["teams"]!.AsArray().Single()!;
    }

    private static async Task ActAsync(HttpClient http, string run, string model, string action) =>
        await Json(await http.PostAsync($"/api/models/{model}/actions?world={run}", Api.Body(new JsonObject
        {
            ["action"] = action, ["by"] = "ana", ["reason"] = "drill",
        })), HttpStatusCode.Accepted);

    private static async Task WaitAskedAsync(HttpClient http, string run, int point)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var answer = await http.GetAsync($"/api/decisions?world={run}");
            if (answer.StatusCode == HttpStatusCode.OK && (await Json(answer, HttpStatusCode.OK))["point"]!.GetValue<int>() == point) return;
            Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked point {point}: {(await JournalRuns.StatusAsync(http, run)).ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private static async Task AnswerAsync(HttpClient http, string run, int point, string body) =>
        Assert.Equal(point, (await Json(await http.PostAsync($"/api/decisions?world={run}", Api.Body(body)), HttpStatusCode.OK))["point"]!.GetValue<int>());

    /// <summary>A team's score without its run's id and its time to acknowledge (checked against its own alert book).</summary>
    private static string Comparable(JsonNode team)
    {
        var copy = team.DeepClone().AsObject();
        copy.Remove("runId");
        copy.Remove("timeToAcknowledge");
        return copy.ToJsonString();
    }

    private static string Entry(JsonNode e) =>
        $"{e["position"]}|{e["tick"]}|{e["at"]}|{e["kind"]}|{e["target"]}|{e["by"]}|{e["from"]}|{e["detail"]}";
}
