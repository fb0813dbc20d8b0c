using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Scenarios;

/// <summary>
/// Every scenario file that ships in scenarios/ runs to its end and meets its own expectations, like
/// unit tests of the alert rules. The files are split over two classes so xunit runs them on both cores.
/// </summary>
public abstract class ShippedScenarioTests
{
    /// <summary>The demo is 24 hours of 200 models; its expectations all fall in the first 90 minutes.</summary>
    private static readonly TimeSpan DemoHorizon = TimeSpan.FromMinutes(90);

    public static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Fleet.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Path.Combine(Root(), "scenarios"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> Half(int parity) => [.. Files().Where((_, i) => i % 2 == parity)];

    protected static async Task Meets_its_own_expectations(string name)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(Root(), "scenarios", name + ".yaml"));
        var options = new RunOptions { RunId = name, Until = name == "demo" ? DemoHorizon : null };
        var run = new ScenarioRun(scenario, options, new MonitorFleetSink());
        await run.RunAsync(CancellationToken.None);
        var summary = run.Summary();

        Assert.True(run.Finished);
        Assert.NotEmpty(summary.Expectations);
        Assert.All(summary.Expectations, e => Assert.True(e.Passed, $"{name}: {e.Description}: {e.Detail}"));
    }
}

public sealed class ShippedScenariosEven : ShippedScenarioTests
{
    public static TheoryData<string> Names => Half(0);

    [Theory, MemberData(nameof(Names))]
    public Task Scenario_meets_its_own_expectations(string name) => Meets_its_own_expectations(name);
}

public sealed class ShippedScenariosOdd : ShippedScenarioTests
{
    public static TheoryData<string> Names => Half(1);

    [Theory, MemberData(nameof(Names))]
    public Task Scenario_meets_its_own_expectations(string name) => Meets_its_own_expectations(name);
}

public sealed class ShippedScenarioFiles
{
    [Fact]
    public void At_least_eight_scenarios_ship_and_one_is_the_demo_of_about_200_models()
    {
        var names = ShippedScenarioTests.Files().ToList();
        Assert.True(names.Count >= 8, $"{names.Count} scenario files");
        var demo = ScenarioLoader.LoadFile(Path.Combine(ShippedScenarioTests.Root(), "scenarios", "demo.yaml"));
        Assert.InRange(demo.ModelCount, 180, 250);
        Assert.True(demo.Injections.Count >= 3, "the demo holds several incidents");
    }

    [Fact]
    public void Every_scenario_says_what_happens_and_what_a_good_responder_would_do()
    {
        foreach (var name in ShippedScenarioTests.Files())
        {
            var scenario = ScenarioLoader.LoadFile(Path.Combine(ShippedScenarioTests.Root(), "scenarios", name + ".yaml"));
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description), $"{name} has no description");
            Assert.False(string.IsNullOrWhiteSpace(scenario.GoodResponse), $"{name} has no goodResponse");
            Assert.NotEmpty(scenario.Injections);
        }
    }
}
