using System.Globalization;
using Fleet.Simulation;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Simulation;

/// <summary>
/// A run's digest names its behaviour, not its host: the same scenario, seed and start give the same
/// digest under any language setting, and two runs that behaved differently (even
/// quietly) give different ones. Percent picks are spread over the fleet, not runs of neighbours.
/// </summary>
public sealed class RunIdentityTests
{
    /// <summary>Ten minutes of one healthy model: no transition, no alert, only traffic.</summary>
    private const string Quiet = """
        name: quiet
        seed: 1
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 2, shape: flat }
        """;

    [Fact]
    public async Task Quiet_runs_with_different_seeds_have_different_digests_and_equal_seeds_equal_ones()
    {
        var (one, _) = await Sim.RunAsync(Quiet);
        var (again, _) = await Sim.RunAsync(Quiet);
        var (two, _) = await Sim.RunAsync(Quiet, new RunOptions { Seed = 2 });

        Assert.Empty(one.Transitions);
        Assert.Empty(two.Transitions);
        Assert.Equal(0, one.AlertChanges + two.AlertChanges);
        Assert.Equal(one.Digest, again.Digest);
        Assert.NotEqual(one.Digest, two.Digest);
    }

    [Fact]
    public async Task Quiet_runs_that_differ_only_in_their_start_have_different_digests()
    {
        // The web shape makes 03:00 quieter than 12:00: a start is part of what the run does.
        var yaml = Quiet.Replace("shape: flat", "shape: web", StringComparison.Ordinal);
        var (night, _) = await Sim.RunAsync(yaml, new RunOptions { Start = RunOptions.DefaultStart.AddHours(3) });
        var (noon, _) = await Sim.RunAsync(yaml, new RunOptions { Start = RunOptions.DefaultStart.AddHours(12) });
        Assert.NotEqual(night.Digest, noon.Digest);
    }

    [Fact]
    public void A_runs_start_is_the_options_then_the_scenarios_start_then_the_fixed_default()
    {
        var scenario = Sim.Parse(Quiet.Replace("duration: 10m", "start: 2026-03-02T08:00:00Z\nduration: 10m", StringComparison.Ordinal));
        var chosen = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(chosen, new ScenarioRun(scenario, new RunOptions { Start = chosen }, new MonitorFleetSink()).Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), new ScenarioRun(scenario, new RunOptions(), new MonitorFleetSink()).Start);
        Assert.Equal(RunOptions.DefaultStart, new ScenarioRun(Sim.Parse(Quiet), new RunOptions(), new MonitorFleetSink()).Start);
    }

    [Theory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("sv-SE")] // writes a negative number with U+2212, not "-"
    public async Task A_run_gives_the_same_picks_and_digest_under_any_language_setting(string culture)
    {
        // A fractional percentage (written 12,5 in German and French) and a negative seed.
        var yaml = DeterminismTests.Yaml
            .Replace("seed: 5", "seed: -5", StringComparison.Ordinal)
            .Replace("count: 2\n    dataSources", "count: 16\n    dataSources", StringComparison.Ordinal)
            .Replace("percent: 50", "percent: 12.5", StringComparison.Ordinal);
        var (invariant, picksInvariant) = await UnderCulture(CultureInfo.InvariantCulture, () => RunAndPickAsync(yaml));
        var (local, picksLocal) = await UnderCulture(CultureInfo.GetCultureInfo(culture), () => RunAndPickAsync(yaml));

        Assert.Equal(2, picksInvariant.Count);
        Assert.Equal(picksInvariant, picksLocal);
        Assert.Equal(invariant, local);
    }

    [Fact]
    public void Percent_picks_are_spread_over_the_fleet_not_runs_of_neighbouring_ids()
    {
        var scenario = Sim.Parse(Quiet.Replace("count: 1", "count: 200", StringComparison.Ordinal));
        var fleet = FleetFactory.Build(scenario, 1, RunOptions.DefaultStart).Select(m => m.Model).ToList();
        var selector = new TargetSelector([], "credit", null, null, 10);
        for (var seed = 1; seed <= 5; seed++)
        {
            var picked = TargetResolver.Resolve(selector, fleet, seed).Select(id => int.Parse(id[^3..], CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(20, picked.Count);
            // 20 of 200 drawn at random: about 20 * 19/199 = 1.9 pairs of neighbours expected, and P(> 7) < 0.1 %.
            var neighbours = picked.Zip(picked.Skip(1)).Count(p => p.Second == p.First + 1);
            Assert.True(neighbours <= 7, $"seed {seed}: {neighbours} neighbouring pairs in {string.Join(",", picked)}");
            // Ten bands of 20 ids: a spread pick touches most of them (expected 8.8 of 10).
            var bands = picked.Select(n => (n - 1) / 20).Distinct().Count();
            Assert.True(bands >= 6, $"seed {seed}: picks fall in only {bands} of 10 bands: {string.Join(",", picked)}");
        }
    }

    private static async Task<(string Digest, List<string> Picks)> RunAndPickAsync(string yaml)
    {
        var (run, _) = await Sim.RunAsync(yaml);
        var slow = run.Scenario.Injections.Single(i => i.Name == "slow");
        return (run.Digest, [.. TargetResolver.Resolve(slow.Targets, run.Models, run.Seed)]);
    }

    private static async Task<T> UnderCulture<T>(CultureInfo culture, Func<Task<T>> work)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return await work();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
