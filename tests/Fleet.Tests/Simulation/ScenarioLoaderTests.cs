using Fleet.Simulation.Faults;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Simulation;

/// <summary>A scenario file that cannot run is refused with the field at fault named (and the line, for YAML syntax).</summary>
public sealed class ScenarioLoaderTests
{
    /// <summary>A valid file; each case below breaks one thing in it.</summary>
    private const string Valid = """
        name: loader
        seed: 3
        duration: 2h
        fleet:
          - domain: fraud
            count: 4
            dataSources: [transactions, device-graph]
        traffic: { rate: 4, shape: flat, labelDelay: 2m }
        injections:
          - name: ring
            at: 30m
            fault: concept-drift
            targets: { domain: fraud, percent: 50 }
            magnitude: 2
        actions:
          - at: 1h
            action: retrain
            targets: { domain: fraud }
            by: alice
        expectations:
          - description: drifted models fall back
            targets: { domain: fraud, percent: 50 }
            reachesLevel: 3
            within: 1h
            after: ring
        """;

    [Fact]
    public void The_valid_file_loads_with_every_part()
    {
        var s = ScenarioLoader.Parse(Valid);
        Assert.Equal(("loader", 3, TimeSpan.FromHours(2), TimeSpan.FromSeconds(10), 4), (s.Name, s.Seed, s.Duration, s.Tick, s.ModelCount));
        var injection = Assert.Single(s.Injections);
        Assert.Equal((FaultKind.ConceptDrift, TimeSpan.FromMinutes(30), 2.0, 50.0), (injection.Fault, injection.At, injection.Magnitude, injection.Targets.Percent));
        Assert.Equal(ActionKind.Retrain, Assert.Single(s.Actions).Action);
        Assert.Equal("ring", Assert.Single(s.Expectations).After);
    }

    [Fact]
    public void A_silence_action_carries_its_duration_and_optional_rule()
    {
        var s = ScenarioLoader.Parse(Replace("action: retrain", "action: silence\n    duration: 45m\n    rule: error-rate"));
        var silence = Assert.Single(s.Actions);
        Assert.Equal((ActionKind.Silence, TimeSpan.FromMinutes(45), "error-rate"), (silence.Action, silence.Duration, silence.Rule));
    }

    public static TheoryData<string, string, string> BrokenFiles => new()
    {
        { "unknown fault", Replace("fault: concept-drift", "fault: gremlins"), "injections[0].fault" },
        { "missing duration", Replace("duration: 2h\n", ""), "duration" },
        { "unreadable duration", Replace("duration: 2h", "duration: two hours"), "duration" },
        { "percent above 100", Replace("targets: { domain: fraud, percent: 50 }\n    magnitude", "targets: { domain: fraud, percent: 150 }\n    magnitude"), "injections[0].targets.percent" },
        { "percent of zero", Replace("targets: { domain: fraud, percent: 50 }\n    magnitude", "targets: { domain: fraud, percent: 0 }\n    magnitude"), "injections[0].targets.percent" },
        { "bad percent in an expectation", Replace("percent: 50 }\n    reachesLevel", "percent: -5 }\n    reachesLevel"), "expectations[0].targets.percent" },
        { "expectation after an unknown injection", Replace("after: ring", "after: rign"), "expectations[0].after" },
        { "unknown action", Replace("action: retrain", "action: reboot"), "actions[0].action" },
        { "force-level without a level", Replace("action: retrain", "action: force-level"), "actions[0].level" },
        { "rollout to an unknown stage", Replace("action: retrain", "action: rollout\n    stage: 50%"), "actions[0].stage" },
        { "silence without a duration", Replace("action: retrain", "action: silence"), "actions[0].duration" },
        { "silence with an unreadable duration", Replace("action: retrain", "action: silence\n    duration: a while"), "actions[0].duration" },
        { "silence of an unknown rule", Replace("action: retrain", "action: silence\n    duration: 30m\n    rule: everything-bad"), "actions[0].rule" },
        { "a rule on an action other than silence", Replace("action: retrain", "action: retrain\n    rule: error-rate"), "actions[0].rule" },
        { "injection without a time", Replace("    at: 30m\n", ""), "injections[0].at" },
        { "negative magnitude", Replace("magnitude: 2", "magnitude: -1"), "injections[0].magnitude" },
        { "unknown pipeline mode", Replace("fault: concept-drift", "fault: pipeline-failure\n    mode: sideways"), "injections[0].mode" },
        { "segment bias without a segment", Replace("fault: concept-drift", "fault: segment-bias"), "injections[0].segment" },
        { "upstream outage without a source", Replace("fault: concept-drift", "fault: upstream-outage"), "injections[0].targets.dataSource" },
        { "empty fleet group", Replace("count: 4", "count: 0"), "fleet[0].count" },
        { "no fleet", Replace("fleet:\n  - domain: fraud\n    count: 4\n    dataSources: [transactions, device-graph]\n", ""), "fleet" },
        { "expectation with nothing to check", Replace("    reachesLevel: 3\n", ""), "expectations[0]" },
        { "tick longer than the run", Replace("duration: 2h", "duration: 2h\ntick: 3h"), "tick" },
        { "unknown traffic shape", Replace("shape: flat", "shape: zigzag"), "traffic.shape" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_file_is_refused_naming_the_field(string what, string yaml, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.True(e.Field == field, $"{what}: blamed '{e.Field}' ({e.Reason}), expected '{field}'");
        Assert.False(string.IsNullOrWhiteSpace(e.Reason));
    }

    [Fact]
    public void Two_injections_with_one_name_are_refused_naming_the_second()
    {
        var yaml = Replace("actions:", "  - name: ring\n    at: 40m\n    fault: timeouts\nactions:");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal("injections[1].name", e.Field);
    }

    [Theory]
    [InlineData(6, "    count: many")]              // a word where a number goes
    [InlineData(14, "    magnitud: 2")]             // a misspelt key
    [InlineData(3, "duration: 2h: 3h")]             // a mapping value where none is allowed
    [InlineData(6, "    count: [4")]                // an unclosed flow sequence
    public void A_yaml_error_names_its_line(int line, string badLine)
    {
        var lines = Valid.Split('\n').ToList();
        lines[line - 1] = badLine;
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(string.Join('\n', lines)));
        Assert.True(e.Field == $"line {line}", $"blamed {e.Field}: {e.Reason}");
    }

    private static string Replace(string what, string with)
    {
        if (!Valid.Contains(what, StringComparison.Ordinal)) throw new ArgumentException($"'{what}' is not in the valid file", nameof(what));
        return Valid.Replace(what, with, StringComparison.Ordinal);
    }
}
