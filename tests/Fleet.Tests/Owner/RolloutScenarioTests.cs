using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Core;
using Fleet.Tests.Scenarios;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Owner;

/// <summary>
/// The shipped rollout-segment scenario played through the monitor: a candidate better over all traffic but worse for
/// 18-24 year olds is not promoted, the segment is named, and the scenario's rollout expectation judges exactly that.
/// </summary>
public sealed class RolloutScenarioTests
{
    private static string ShippedYaml() =>
        File.ReadAllText(Path.Combine(ShippedScenarioTests.Root(), "scenarios", "rollout-segment.yaml"));

    private static async Task<(ScenarioRun Run, MonitorFleetSink Sink)> PlayAsync(string yaml)
    {
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(ScenarioLoader.Parse(yaml, "rollout-segment"), new RunOptions { RunId = "rollout-segment" }, sink);
        await run.RunAsync(CancellationToken.None);
        return (run, sink);
    }

    [Fact]
    public async Task The_shipped_scenario_is_better_overall_worse_for_one_segment_and_Fleet_holds_it_naming_the_segment()
    {
        var (run, sink) = await PlayAsync(ShippedYaml());

        Assert.True(run.Finished);
        foreach (var id in new[] { "credit-001", "credit-002" })
        {
            var report = (await sink.Rollout(id))!;
            Assert.Equal("2", report.CandidateVersion);
            Assert.Equal("better", report.Overall.Single(l => l.Dimension == "quality").Finding);
            Assert.Equal("worse", report.Segments.Single(l => l.Dimension == "quality" && l.Segment == "18-24").Finding);
            Assert.Equal("hold", report.Verdict);
            Assert.Contains(report.Reasons, r => r.StartsWith("quality worse in segment 18-24", StringComparison.Ordinal));
        }
        var expectation = Assert.Single(run.Summary().Expectations);
        Assert.True(expectation.Passed, expectation.Detail);
    }

    [Fact]
    public async Task Played_through_the_model_grains_the_expectation_is_judged_on_the_grains_comparison()
    {
        using var file = new TempSqliteFile();
        await using var cluster = await FleetTestCluster.StartAsync(file.Path, $"rollout-{Guid.NewGuid():N}");
        var run = new ScenarioRun(ScenarioLoader.Parse(ShippedYaml(), "rollout-segment"), new RunOptions { RunId = "rollout-segment" },
            new GrainFleetSink(cluster.Client));

        await run.RunAsync(CancellationToken.None);

        var report = (await cluster.Client.Model(World.Live, "credit-001").GetRollout())!;
        Assert.Equal("hold", report.Verdict);
        Assert.Contains(report.Reasons, r => r.StartsWith("quality worse in segment 18-24", StringComparison.Ordinal));
        var expectation = Assert.Single(run.Summary().Expectations);
        Assert.True(expectation.Passed, expectation.Detail);
    }

    [Theory]
    [InlineData("verdict: hold, segment: 18-24", "verdict: promote, segment: 18-24", "rollout verdict is hold, not promote")]
    [InlineData("verdict: hold, segment: 18-24", "verdict: hold, segment: 55+", "names no reason in segment 55+")]
    public async Task A_rollout_expectation_the_monitor_contradicts_fails_and_says_why(string what, string with, string detail)
    {
        var yaml = ShippedYaml();
        Assert.Contains(what, yaml);
        var (run, _) = await PlayAsync(yaml.Replace(what, with, StringComparison.Ordinal));

        var expectation = Assert.Single(run.Summary().Expectations);
        Assert.False(expectation.Passed);
        Assert.Contains(detail, expectation.Detail);
    }

    [Theory]
    [InlineData("stage: 25%", "stage: 100%", "fleet[0].candidate.stage")]
    [InlineData("weakSegment: 18-24", "weakSegment: 16-17", "fleet[0].candidate.weakSegment")]
    [InlineData("version: \"2\"", "version: \"1\"", "fleet[0].candidate.version")]
    [InlineData("verdict: hold", "verdict: roll back", "expectations[0].rollout.verdict")]
    [InlineData("segment: 18-24 }", "segment: teens }", "expectations[0].rollout.segment")]
    [InlineData(", candidate: { version: \"2\", stage: 25%, weakSegment: 18-24, weakFlip: 0.1 }", "", "expectations[0].targets")]
    public void A_bad_candidate_or_rollout_expectation_is_refused_naming_its_field(string what, string with, string field)
    {
        var yaml = ShippedYaml();
        Assert.Contains(what, yaml);
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml.Replace(what, with, StringComparison.Ordinal)));
        Assert.Equal(field, e.Field);
    }
}
