using Fleet.Actions;
using Fleet.Simulation.Faults;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Simulation;

/// <summary>A scenario file that cannot run is refused naming the field at fault by its path and why, in plain words, with where it was written.</summary>
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
        Assert.Equal((ActionKind.Silence, "45m", "error-rate"), (silence.Action, silence.Arguments.Duration, silence.Arguments.Rule));
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
        // Unknown fields and wrong types, by their path.
        { "unknown top-level field", Replace("seed: 3", "sed: 3"), "sed" },
        { "misspelt injection field", Replace("magnitude: 2", "magnitud: 2"), "injections[0].magnitud" },
        { "a word where a number goes", Replace("magnitude: 2", "magnitude: high"), "injections[0].magnitude" },
        { "a list where a number goes", Replace("count: 4", "count: [4]"), "fleet[0].count" },
        { "a fraction where a whole number goes", Replace("count: 4", "count: 2.5"), "fleet[0].count" },
        { "a mapping where a list goes", Replace("dataSources: [transactions, device-graph]", "dataSources: { a: b }"), "fleet[0].dataSources" },
        { "a non-boolean where true or false goes", Replace("count: 4", "count: 4\n    thresholds: maybe"), "fleet[0].thresholds" },
        { "an unreadable start", Replace("seed: 3", "seed: 3\nstart: yesterday"), "start" },
        { "an empty list item", Replace("actions:", "  -\nactions:"), "injections[1]" },
        { "an empty data source", Replace("[transactions, device-graph]", "[transactions, '']"), "fleet[0].dataSources" },
        // Numbers out of range, and limits.
        { "a duration past any calendar", Replace("duration: 2h", "duration: 1e300d"), "duration" },
        { "a negative rate", Replace("rate: 4", "rate: -1"), "traffic.rate" },
        { "a fleet group too large", Replace("count: 4", "count: 100001"), "fleet[0].count" },
        { "a tick under a second", Replace("duration: 2h", "duration: 2h\ntick: 0.5s"), "tick" },
        { "a tick too small for the duration", Replace("duration: 2h", "duration: 60d\ntick: 1s"), "tick" },
        { "a per-tick batch too large for memory", Replace("rate: 4", "rate: 9000").Replace("count: 4", "count: 2000"), "tick" },
        { "labels waiting beyond memory", Replace("labelDelay: 2m", "labelDelay: 7d").Replace("count: 4", "count: 200"), "traffic.labelDelay" },
        { "a share magnitude above 1", Replace("fault: concept-drift", "fault: timeouts"), "injections[0].magnitude" },
        { "an hourly shape of 23 hours", Replace("shape: flat", "hourlyShape: [" + string.Join(",", Enumerable.Repeat("1", 23)) + "]"), "traffic.hourlyShape" },
        // What cannot have an effect.
        { "an injection after the end", Replace("at: 30m", "at: 3h"), "injections[0].at" },
        { "an action after the end", Replace("at: 1h", "at: 2h"), "actions[0].at" },
        { "an id the fleet does not have", Replace("targets: { domain: fraud, percent: 50 }\n    magnitude", "targets: { ids: [fraud-001, fraud-009] }\n    magnitude"), "injections[0].targets.ids[1]" },
        { "a domain the fleet does not have", Replace("targets: { domain: fraud }", "targets: { domain: credit }"), "actions[0].targets.domain" },
        { "a tag no model has", Replace("targets: { domain: fraud, percent: 50 }\n    magnitude", "targets: { tag: web }\n    magnitude"), "injections[0].targets.tag" },
        { "a source no model reads", Replace("targets: { domain: fraud, percent: 50 }\n    reachesLevel", "targets: { dataSource: clicks }\n    reachesLevel"), "expectations[0].targets.dataSource" },
        { "a segment the traffic does not have", Replace("fault: concept-drift", "fault: segment-bias\n    segment: 99+").Replace("magnitude: 2", "magnitude: 0.5"), "injections[0].segment" },
        { "a feature the models do not have", Replace("fault: concept-drift", "fault: pipeline-failure\n    feature: f9").Replace("magnitude: 2", "magnitude: 0.5"), "injections[0].feature" },
        { "a feature on a fault that reads none", Replace("fault: concept-drift", "fault: concept-drift\n    feature: f1"), "injections[0].feature" },
        { "a level on an action that takes none", Replace("action: retrain", "action: retrain\n    level: 3"), "actions[0].level" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_refusal_says_why_in_plain_words_without_a_dotnet_type_or_exception_text(string what, string yaml, string field)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal(field, e.Field);
        Assert.DoesNotMatch(@"System\.|Fleet\.|Exception|Int32|Double|Nullable|Document\b", e.Reason);
        Assert.True(e.Reason.Length >= 10, $"{what}: '{e.Reason}' explains little");
    }

    [Theory]
    [InlineData("count: 4", "count: many", "fleet[0].count", 6, 12)]
    [InlineData("magnitude: 2", "magnitud: 2", "injections[0].magnitud", 14, 5)]
    public void A_field_refusal_says_where_the_field_was_written(string what, string with, string field, int line, int column)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Replace(what, with)));
        Assert.Equal(field, e.Field);
        Assert.Contains($"line {line}, column {column}", e.Reason);
    }

    [Theory]
    [InlineData("seed: 3", "seed: 3\nseed: 4", 3, "twice")]                                       // a duplicate key
    [InlineData("duration: 2h", "duration: 2h: 3h", 3, "")]                                       // a mapping value where none is allowed
    [InlineData("count: 4", "count: [4", 6, "")]                                                  // an unclosed flow sequence
    [InlineData("seed: 3", "seed: 3\n---\nseed: 4", 3, "more than one")]                          // two documents
    public void A_yaml_syntax_error_gives_its_line_and_column(string what, string with, int line, string words)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Replace(what, with)));
        Assert.Equal("yaml", e.Field);
        Assert.Matches($@"line {line}, column \d+", e.Reason);
        Assert.Contains(words, e.Reason);
        Assert.DoesNotContain("Idx", e.Reason);
    }

    [Fact]
    public void A_fleet_multiplied_by_aliases_is_refused_by_its_total()
    {
        var groups = string.Join("\n", Enumerable.Range(0, 30).Select(_ => "  - *big"));
        var yaml = $"duration: 1h\nfleet:\n  - &big {{ domain: fraud, count: 1000 }}\n{groups}\n";
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal("fleet", e.Field);
        Assert.Contains("31,000", e.Reason);
    }

    [Fact]
    public void A_file_of_nested_aliases_is_refused_before_it_expands()
    {
        // Twelve levels of ten aliases each: 10^12 values if expanded.
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 12; i++) lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(string.Join("\n", lines)));
        Assert.Equal("yaml", e.Field);
        Assert.Contains("aliases", e.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n# only a comment\n")]
    [InlineData("hello")]
    [InlineData("[1, 2, 3]")]
    [InlineData("fleet: 5\nduration: 1h")]
    [InlineData("fleet: [~]\nduration: 1h")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\ninjections: &i [*i]\nduration: 1h")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\nduration: 1h\ninjections:\n  - { at: 1m, fault: timeouts, targets: { ids: [~] } }")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\nduration: 1h\ninjections:\n  - { at: 1m, fault: timeouts, magnitude: .nan }")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\nduration: 1h\nseed: 99999999999999999999")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\nduration: 1h\n? [a, b]\n: c")]
    [InlineData("fleet:\n  - { domain: fraud, count: 1 }\nduration: 1h\nfoo: *nothing")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void No_hostile_file_escapes_as_anything_but_a_refusal(string yaml)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.False(string.IsNullOrWhiteSpace(e.Field));
        Assert.DoesNotMatch(@"System\.|Exception", e.Reason);
    }

    [Fact]
    public void Two_injections_with_one_name_are_refused_naming_the_second()
    {
        var yaml = Replace("actions:", "  - name: ring\n    at: 40m\n    fault: timeouts\nactions:");
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal("injections[1].name", e.Field);
    }

    private static string Replace(string what, string with)
    {
        if (!Valid.Contains(what, StringComparison.Ordinal)) throw new ArgumentException($"'{what}' is not in the valid file", nameof(what));
        return Valid.Replace(what, with, StringComparison.Ordinal);
    }
}
