using Fleet.Client;
using Fleet.Simulator;

namespace Fleet.Tests.Simulation;

/// <summary>`fleet-sim` and `fleet run` exit codes as the README states them: 0 all expectations met, 1 failed or invalid, 2 usage.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string yaml)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> SimulateAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await SimulatorCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Out, string Err)> FleetAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await FleetCli.RunAsync(args, output, error, CliEnvironment.None);
        return (code, output.ToString(), error.ToString());
    }

    private const string Meets = """
        name: meets
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 1, shape: flat }
        injections:
          - { name: blip, at: 1m, fault: timeouts, magnitude: 0.01, duration: 1m }
        expectations:
          - { description: "a blip moves nothing", targets: { ids: [credit-001] }, maxLevel: 1 }
        """;

    [Fact]
    public async Task A_run_that_meets_its_expectations_exits_0()
    {
        var (code, output, error) = await SimulateAsync(File(Meets), "--plain");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.StartsWith("{", output.TrimStart());
    }

    [Fact]
    public async Task A_run_that_misses_an_expectation_exits_1()
    {
        var (code, _, _) = await SimulateAsync(File(Meets.Replace("maxLevel: 1", "reachesLevel: 5", StringComparison.Ordinal)), "--plain");
        Assert.Equal(ExitCodes.Failed, code);
    }

    [Fact]
    public async Task An_invalid_scenario_exits_1_naming_the_field_and_prints_nothing_on_stdout()
    {
        var (code, output, error) = await SimulateAsync(File(Meets.Replace("magnitude: 0.01", "magnitude: lots", StringComparison.Ordinal)), "--plain");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("", output);
        Assert.Contains("injections[0].magnitude: must be a number, not 'lots'", error);
    }

    [Fact]
    public async Task A_missing_file_and_an_unreadable_start_or_until_are_usage_errors_exiting_2()
    {
        Assert.Equal(ExitCodes.UsageError, (await SimulateAsync(Path.Combine(_folder, "nothing.yaml"))).Code);
        Assert.Equal(ExitCodes.UsageError, (await SimulateAsync(File(Meets), "--start", "soon")).Code);
        Assert.Equal(ExitCodes.UsageError, (await SimulateAsync(File(Meets), "--until", "later")).Code);
        Assert.Equal(ExitCodes.UsageError, (await SimulateAsync(File(Meets), "--speed", "1")).Code);
        // fleet run checks its command line before it calls any server.
        Assert.Equal(ExitCodes.UsageError, (await FleetAsync("run", Path.Combine(_folder, "nothing.yaml"))).Code);
        Assert.Equal(ExitCodes.UsageError, (await FleetAsync("run", File(Meets), "--start", "soon")).Code);
        Assert.Equal(ExitCodes.UsageError, (await FleetAsync("run", File(Meets), "--until", "later")).Code);
    }

    [Fact]
    public async Task The_cli_no_longer_runs_scenarios_itself()
    {
        var (code, _, error) = await FleetAsync("run", File(Meets), "--headless");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--headless", error);
    }
}
