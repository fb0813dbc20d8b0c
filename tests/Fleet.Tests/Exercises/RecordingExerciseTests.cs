using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Recording;

namespace Fleet.Tests.Exercises;

/// <summary>
/// An exercise from an imported incident (examples/imports/checkout-outage.csv: every request fails from minute 15):
/// each team plays its own copy; a recording has no simulator truth, so the score says what it leaves out and reads
/// detection and acknowledgement from each team's own alert book.
/// </summary>
public sealed class RecordingExerciseTests
{
    [Fact]
    public async Task Teams_play_copies_of_an_import_and_are_scored_on_detection_and_acknowledgement_only()
    {
        await using var host = await RecordingSupport.StartAsync();
        await RecordingSupport.RegisterAsync(host, "checkout-ranker",
            (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(RecordingSupport.Example("checkout-ranker.model.json")))!);
        var (_, import) = await RecordingSupport.ImportAsync(host, "events-csv", await File.ReadAllTextAsync(RecordingSupport.Example("checkout-outage.csv")));
        var recording = import["id"]!.GetValue<string>();

        var refused = await host.Http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "replayed outage", ["recording"] = "rec-missing", ["teams"] = new JsonArray(new JsonObject { ["name"] = "a" }),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("recording", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
        var both = await host.Http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "x", ["recording"] = recording, ["scenario"] = "demo", ["teams"] = new JsonArray(new JsonObject { ["name"] = "a" }),
        }));
        Assert.Equal("recording", JsonNode.Parse(await both.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());

        var created = await RecordingSupport.PostAsync(host, "/api/exercises", new JsonObject
        {
            ["name"] = "replayed outage", ["recording"] = recording, ["speed"] = 0,
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "alert" }, new JsonObject { ["name"] = "asleep" }),
        }, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var started = await RecordingSupport.PostAsync(host, $"/api/exercises/{id}/start", new JsonObject(), HttpStatusCode.OK);
        var runs = started["teams"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["runId"]!.GetValue<string>());
        var end = (await RecordingSupport.GetAsync(host, $"/api/runs/{runs["alert"]}"))["end"]!.GetValue<DateTimeOffset>();

        // The alert team plays minute by minute until an incident opens, and acknowledges it; then both play to the end.
        string? incident = null;
        while (incident is null)
        {
            var now = (await RecordingSupport.GetAsync(host, $"/api/runs/{runs["alert"]}"))["now"]!.GetValue<DateTimeOffset>();
            Assert.True(now < end, "no incident opened in the whole recording");
            await JumpAsync(host, runs["alert"], now + TimeSpan.FromMinutes(1) < end ? now + TimeSpan.FromMinutes(1) : end);
            incident = (await RecordingSupport.GetAsync(host, $"/api/incidents?world={runs["alert"]}")).AsArray().FirstOrDefault()?["id"]?.GetValue<string>();
        }
        await RecordingSupport.PostAsync(host, $"/api/incidents/{incident}/ack?world={runs["alert"]}", new JsonObject { ["by"] = "ana" }, HttpStatusCode.Accepted);
        foreach (var run in runs.Values)
            if ((await RecordingSupport.GetAsync(host, $"/api/runs/{run}"))["now"]!.GetValue<DateTimeOffset>() < end) await JumpAsync(host, run, end);

        var score = await RecordingSupport.GetAsync(host, $"/api/exercises/{id}/score");
        Assert.Equal(["impact", "impactWrong", "impactDegraded", "doNothingImpact", "idealImpact", "excessOverIdeal", "timeToMitigate", "timeToResolve", "uselessActions"],
            score["notScored"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["checkout-ranker"], score["affectedModels"]!.AsArray().Select(m => m!.GetValue<string>()));
        var teams = score["teams"]!.AsArray().ToDictionary(t => t!["team"]!.GetValue<string>(), t => t!);
        var book = (await RecordingSupport.GetAsync(host, $"/api/incidents?world={runs["alert"]}")).AsArray().Single(i => i!["id"]!.GetValue<string>() == incident)!;
        var milestones = book["milestones"]!;
        var impactStarted = milestones["impactStarted"]!.GetValue<DateTimeOffset>();
        var acknowledged = milestones["acknowledged"]!.GetValue<DateTimeOffset>();
        Assert.Equal(impactStarted, score["impactStart"]!.GetValue<DateTimeOffset>());
        Assert.Equal(acknowledged - impactStarted, TimeSpan.Parse(teams["alert"]["timeToDetect"]!.GetValue<string>()));
        Assert.Equal(acknowledged - milestones["detected"]!.GetValue<DateTimeOffset>(), TimeSpan.Parse(teams["alert"]["timeToAcknowledge"]!.GetValue<string>()));
        Assert.Null(teams["asleep"]["timeToDetect"]);
        Assert.True(teams["asleep"]["unacknowledgedAlerts"]!.GetValue<int>() > 0); // the outage pages and nobody answers
        foreach (var t in teams.Values)
        {
            Assert.Equal(0, t["impact"]!.GetValue<long>());
            Assert.Null(t["timeToMitigate"]);
            Assert.Null(t["idealImpact"]);
        }
        Assert.Equal(["alert", "asleep"], score["teams"]!.AsArray().Select(t => t!["team"]!.GetValue<string>())); // detected first, first

        // Isolated copies: the asleep team's book has the same incident, unacknowledged.
        Assert.All((await RecordingSupport.GetAsync(host, $"/api/incidents?world={runs["asleep"]}")).AsArray(), i => Assert.Null(i!["acknowledgedBy"]));
        var timeline = await RecordingSupport.GetAsync(host, $"/api/exercises/{id}/timeline");
        Assert.Contains(timeline["teams"]!.AsArray().Single(t => t!["team"]!.GetValue<string>() == "alert")!["moments"]!.AsArray(),
            m => m!["kind"]!.GetValue<string>() == "incident-acknowledged" && m["by"]!.GetValue<string>() == "ana");
    }

    private static async Task JumpAsync(FleetTestHost host, string run, DateTimeOffset to)
    {
        await RecordingSupport.PostAsync(host, $"/api/runs/{run}/jump", new JsonObject { ["to"] = Api.Iso(to) }, HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = await RecordingSupport.GetAsync(host, $"/api/runs/{run}");
            if (status["jumpingTo"] is null && status["now"]!.GetValue<DateTimeOffset>() >= to) return;
            Assert.True(DateTime.UtcNow < deadline, $"run {run} did not reach {to:u}: {status}");
            await Task.Delay(20);
        }
    }
}
