using System.Net;
using System.Text.Json.Nodes;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A decision point whose <c>when:</c> names one of the scenario's expectations stops each team's run after the tick in
/// which that expectation first holds: every model it targets has reached its level inside its span. The stop is checked
/// against the same run played without holds, whose level transitions say when the model got there (well after the first
/// page, so the two triggers are told apart).
/// </summary>
public sealed class ExpectationDecisionTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private const string Expected = "the late-drifted model falls to rules-based fallback";

    // The exercise's scenario with a second drift, on credit-003 at 60m: its fallback comes well after the first page.
    private static readonly string AtExpectation = Yaml.Replace("idealResponse:",
        "  - { name: late-drift, at: 60m, fault: concept-drift, targets: { ids: [credit-003] }, magnitude: 3 }\nidealResponse:", StringComparison.Ordinal) + $$"""
        expectations:
          - { description: "the healthy model stays at full AI", targets: { ids: [credit-004] }, maxLevel: 1 }
          - { description: "{{Expected}}", targets: { ids: [credit-003] }, reachesLevel: 3, after: late-drift }
        decisionPoints:
          - { when: "{{Expected}}", question: "Another model serves rules. What now?" }
          - { when: first-page, question: "You were paged. What first?" }

        """;

    private static Scenario Scenario => ScenarioLoader.Parse(AtExpectation);

    /// <summary>The end of the tick in which credit-003 first reached level 3 after its drift, and of the first page's, read from a run played through without holds.</summary>
    private static async Task<(DateTimeOffset Holds, DateTimeOffset FirstPage)> ReferenceAsync()
    {
        var run = new ScenarioRun(Scenario, new RunOptions { Start = Start }, new MonitorFleetSink());
        await run.RunAsync(CancellationToken.None);
        var reached = run.Transitions.First(t => t.Model == "credit-003" && t.To >= 3 && t.At >= Start + TimeSpan.FromMinutes(60)).At;
        var ticks = (long)Math.Ceiling((reached - Start) / Tick);
        return (Start + ticks * Tick, run.Triggers.HappenedAt(1)!.Value);
    }

    [Fact]
    public async Task A_run_held_at_an_expectation_stops_after_the_tick_in_which_it_first_holds()
    {
        var (holds, firstPage) = await ReferenceAsync();
        Assert.True(holds > firstPage, $"the expectation held at {holds:u}, not after the first page at {firstPage:u}: the test would not tell them apart");

        var run = new ScenarioRun(Scenario, new RunOptions { Start = Start }, new MonitorFleetSink());
        run.HoldAtTriggers([0]); // the expectation's point (index 0: points with no time keep their order)
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var playing = run.RunAsync(cancel.Token);
        while (!run.Clock.Paused)
        {
            Assert.False(playing.IsCompleted, "the run played to its end without stopping at the expectation");
            await Task.Delay(10, cancel.Token);
        }
        Assert.Equal(holds, run.Clock.Now);
        Assert.Equal(holds, run.Triggers.HappenedAt(0));
        Assert.Equal(firstPage, run.Triggers.HappenedAt(1)); // noted, not held: the run played past it
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing);
    }

    [Fact]
    public async Task Each_team_is_asked_when_the_expectation_first_holds_in_its_run()
    {
        var (holds, firstPage) = await ReferenceAsync();
        var exercise = await Json(await fixture.Host.Http.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "fallback reached", ["scenario"] = AtExpectation, ["speed"] = 1000, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red" }),
        })), HttpStatusCode.Created);
        var id = exercise["id"]!.GetValue<string>();
        var run = (await Json(await fixture.Host.Http.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK))["teams"]![0]!["runId"]!.GetValue<string>();

        // Each in its turn (the earlier first), the next after the facilitator's resume.
        foreach (var (question, at) in new[] { ("You were paged. What first?", firstPage), ("Another model serves rules. What now?", holds) }.OrderBy(p => p.Item2))
        {
            var asked = await AskedAsync(run);
            Assert.Equal(question, asked["question"]!.GetValue<string>());
            Assert.Equal(at, asked["at"]!.GetValue<DateTimeOffset>());
            Assert.Equal(at, (await Json(await fixture.Host.Http.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["now"]!.GetValue<DateTimeOffset>());
            await Json(await fixture.Host.Http.PostAsync($"/api/decisions?world={run}", Api.Body("""{"answer": "noted", "by": "room"}""")), HttpStatusCode.OK);
            await Json(await fixture.Host.Http.PostAsync($"/api/exercises/{id}/resume", null), HttpStatusCode.OK);
        }
        await fixture.Host.Http.PostAsync($"/api/exercises/{id}/end", null);
    }

    [Theory]
    [InlineData("the healthy model stays at full AI", "has no reachesLevel")]
    [InlineData("expectations[0]", "has no reachesLevel")]
    [InlineData("expectations[7]", "is neither")]
    [InlineData("when the moon is full", "is neither")]
    public void A_point_waiting_for_an_expectation_that_cannot_first_hold_is_refused_naming_when(string when, string reason)
    {
        var text = AtExpectation.Replace($"when: \"{Expected}\"", $"when: \"{when}\"", StringComparison.Ordinal);
        var refused = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(text));
        Assert.Equal("decisionPoints[0].when", refused.Field);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_point_may_name_its_expectation_by_position()
    {
        var scenario = ScenarioLoader.Parse(AtExpectation.Replace($"when: \"{Expected}\"", "when: \"expectations[1]\"", StringComparison.Ordinal));
        Assert.Equal(1, scenario.DecisionPoints[0].Expectation);
    }

    private async Task<JsonNode> AskedAsync(string run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var answer = await fixture.Host.Http.GetAsync($"/api/decisions?world={run}");
            if (answer.StatusCode == HttpStatusCode.OK) return await Json(answer, HttpStatusCode.OK);
            Assert.True(DateTime.UtcNow < deadline, $"{run} was never asked");
            await Task.Delay(50);
        }
    }
}
