using Fleet.Models;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Xunit;

namespace Fleet.Tests.Owner;

/// <summary>
/// Shadow traffic from a scenario: a candidate in shadow predicts every request the registered version answers, its
/// predictions are logged (never served) and compared on exactly the same labelled requests, and the comparison holds it
/// when it is better overall but worse for one segment.
/// </summary>
public sealed class ShadowScenarioTests
{
    private const string Yaml = """
        name: shadow
        seed: 21
        duration: 2h
        tick: 10s
        fleet:
          - { domain: credit, count: 1, owner: lending, dataSources: [bureau], rate: 20, candidate: { version: "2", stage: shadow, weakSegment: 18-24, weakFlip: 0.1 } }
        traffic: { rate: 20, shape: flat, labelDelay: 2m, responses: true }
        injections:
          - { name: under-trained-v1, at: 0m, fault: launch, targets: { domain: credit }, magnitude: 0.8 }
        expectations:
          - { description: "the shadow is held, naming 18-24", targets: { domain: credit }, rollout: { verdict: hold, segment: 18-24 } }
        """;

    [Fact]
    public async Task A_shadow_candidate_sees_the_same_requests_serves_none_and_is_held_when_worse_for_one_segment()
    {
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(ScenarioLoader.Parse(Yaml, "shadow"), new RunOptions { RunId = "shadow" }, sink);

        await run.RunAsync(CancellationToken.None);

        var report = (await sink.Rollout("credit-001"))!;
        Assert.Equal(("2", RolloutStage.Shadow), (report.CandidateVersion, report.Stage));
        var quality = report.Overall.Single(l => l.Dimension == "quality");
        // Every request the registered version scored was scored by the shadow too, and each got the same label.
        Assert.True(quality.CurrentSamples > 10_000, $"{quality.CurrentSamples} labelled");
        Assert.Equal(quality.CurrentSamples, quality.CandidateSamples);
        foreach (var segment in report.Segments.Where(l => l.Dimension == "quality"))
            Assert.Equal(segment.CurrentSamples, segment.CandidateSamples);
        Assert.Equal("better", quality.Finding);
        Assert.Equal("worse", report.Segments.Single(l => l.Dimension == "quality" && l.Segment == "18-24").Finding);
        // Served to nobody: what users did answers the registered version, so engagement and value are not observable.
        Assert.Equal(["not observable", "not observable"], report.Overall.Where(l => l.Dimension is "engagement" or "value").Select(l => l.Finding));
        Assert.Equal("hold", report.Verdict);
        var expectation = Assert.Single(run.Summary().Expectations);
        Assert.True(expectation.Passed, expectation.Detail);
    }
}
