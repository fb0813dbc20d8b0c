using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// The facilitator's timeline over the real host, live and at the end: two teams stop at a decision point at 30m; one
/// retrains the drifted models there and answers, the other does nothing. The injection's true impact is checked against
/// the figures the scores measured for this scenario (README: 26,199 for the ideal response, 39,054 doing nothing).
/// </summary>
public sealed class ExerciseTimelineTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private const string WithDecision = Yaml + """
        decisionPoints:
          - { at: 30m, question: "Labels from after the change are in. Now?" }

        """;

    private const long IdealImpact = 26_199, DoNothingImpact = 39_054;

    private HttpClient Admin => fixture.Host.Http;

    [Fact]
    public async Task The_timeline_puts_each_injection_and_its_true_impact_beside_what_each_team_did()
    {
        var created = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "timeline drill", ["scenario"] = WithDecision, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "quick" }, new JsonObject { ["name"] = "idle" }),
        })), HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var started = await Json(await Admin.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        var runs = started["teams"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["runId"]!.GetValue<string>());
        foreach (var run in runs.Values) await WaitAskedAsync(run);

        // Live, at 30m: nobody has acted, so both teams' injection has cost what doing nothing costs over [10m, 30m).
        var live = await TimelineAsync(id);
        foreach (var team in new[] { "quick", "idle" })
        {
            var t = live[team];
            Assert.Equal(Start + TimeSpan.FromMinutes(30), t["now"]!.GetValue<DateTimeOffset>());
            var injection = Injection(t);
            Assert.Equal(Start + ImpactAt, injection["at"]!.GetValue<DateTimeOffset>());
            Assert.True(injection["impact"]!.GetValue<long>() > 0);
            Assert.Equal(injection["doNothingImpact"]!.GetValue<long>(), injection["impact"]!.GetValue<long>());
            Assert.Equal(t["score"]!["impact"]!.GetValue<long>(), injection["impact"]!.GetValue<long>()); // no impact before the injection
            Assert.Equal(injection["impact"]!.GetValue<long>(), t["impact"]!.AsArray().Sum(s => s!["bad"]!.GetValue<long>()));
            Assert.Equal(60, t["impact"]!.AsArray().Count); // 60 ticks played: one span each (at most 120 spans)
        }

        foreach (var model in Drifted)
            await Json(await Admin.PostAsync($"/api/models/{model}/actions?world={runs["quick"]}", Api.Body(new JsonObject
            {
                ["action"] = "retrain", ["by"] = "ana", ["reason"] = "concept moved",
            })), HttpStatusCode.Accepted);
        await Json(await Admin.PostAsync($"/api/decisions?world={runs["quick"]}", Api.Body("""{"answer": "retrained both", "by": "ana"}""")), HttpStatusCode.OK);
        await Json(await Admin.PostAsync($"/api/exercises/{id}/resume", null), HttpStatusCode.OK);
        foreach (var run in runs.Values) await Journal.Runs.WaitForStateAsync(Admin, run, "finished", TimeSpan.FromMinutes(3));

        var ended = await TimelineAsync(id);
        var quick = ended["quick"];
        var idle = ended["idle"];
        Assert.Equal(IdealImpact, Injection(quick)["impact"]!.GetValue<long>());
        Assert.Equal(DoNothingImpact, Injection(quick)["doNothingImpact"]!.GetValue<long>());
        Assert.Equal(DoNothingImpact, Injection(idle)["impact"]!.GetValue<long>());
        Assert.Equal(IdealImpact, quick["score"]!["impact"]!.GetValue<long>());
        foreach (var t in new[] { quick, idle })
        {
            var spans = t["impact"]!.AsArray();
            Assert.Equal(120, spans.Count); // 240 ticks in spans of two
            Assert.Equal(Start, spans[0]!["from"]!.GetValue<DateTimeOffset>());
            Assert.Equal(Start + TimeSpan.FromHours(2), spans[^1]!["to"]!.GetValue<DateTimeOffset>());
            Assert.Equal(t["score"]!["impact"]!.GetValue<long>(), spans.Sum(s => s!["bad"]!.GetValue<long>()));
            Assert.Equal(DoNothingImpact, spans.Sum(s => s!["doNothingBad"]!.GetValue<long>()));
            var times = t["moments"]!.AsArray().Select(m => m!["at"]!.GetValue<DateTimeOffset>()).ToList();
            Assert.Equal(times.Order(), times);
            Assert.Contains(t["moments"]!.AsArray(), m => m!["side"]!.GetValue<string>() == "monitor" && m["kind"]!.GetValue<string>() == "incident-opened");
        }

        // What the quick team did sits beside the injection: its retrains and its answer at 30m; the idle team did nothing.
        var done = quick["moments"]!.AsArray().Where(m => m!["side"]!.GetValue<string>() == "team").ToList();
        Assert.Equal(Drifted, done.Where(m => m!["kind"]!.GetValue<string>() == "retrain").Select(m => m!["what"]!.GetValue<string>()).Order());
        Assert.All(done.Where(m => m!["kind"]!.GetValue<string>() == "retrain"), m =>
        {
            Assert.Equal(Start + TimeSpan.FromMinutes(30), m!["at"]!.GetValue<DateTimeOffset>());
            Assert.StartsWith("concept moved", m["detail"]!.GetValue<string>());
        });
        Assert.StartsWith("retrained both (took ", done.Single(m => m!["kind"]!.GetValue<string>() == "decision")!["detail"]!.GetValue<string>());
        var idleDone = idle["moments"]!.AsArray().Where(m => m!["side"]!.GetValue<string>() == "team").ToList();
        Assert.Equal("waiting for an answer", Assert.Single(idleDone)!["detail"]!.GetValue<string>());

        // The same from the CLI: a table per team, or the JSON.
        var table = await Fleet("exercise", "timeline", id, "--team", "quick");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains($"injection {InjectionName}", table.Output);
        Assert.Contains("retrain credit-001", table.Output);
        Assert.Contains("26,199", table.Output); // the CLI prints counts with thousands separators
        Assert.DoesNotContain("team idle", table.Output);
        var json = await Fleet("exercise", "timeline", id, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        Assert.Equal(["quick", "idle"], JsonNode.Parse(json.Output)!["teams"]!.AsArray().Select(t => t!["team"]!.GetValue<string>()));
        var missing = await Fleet("exercise", "timeline", "ex-nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("exercise 'ex-nope' does not exist", missing.Error);
        await Admin.PostAsync($"/api/exercises/{id}/end", null);
    }

    private Task<CliResult> Fleet(params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);

    private async Task<Dictionary<string, JsonNode>> TimelineAsync(string id) =>
        (await Json(await Admin.GetAsync($"/api/exercises/{id}/timeline"), HttpStatusCode.OK))["teams"]!.AsArray()
            .ToDictionary(t => t!["team"]!.GetValue<string>(), t => t!);

    private static JsonNode Injection(JsonNode team) =>
        team["moments"]!.AsArray().Single(m => m!["kind"]!.GetValue<string>() == "injection" && m["what"]!.GetValue<string>() == InjectionName)!;

    private async Task WaitAskedAsync(string run)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await Admin.GetAsync($"/api/decisions?world={run}")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked");
            await Task.Delay(50);
        }
    }
}
