using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulator;

/// <summary>
/// `fleet-sim &lt;scenario&gt;`: plays a scenario in this process as fast as possible, through a private in-memory
/// silo (or with --plain the same monitoring classes in one thread, no Orleans), and prints its JSON summary (digest,
/// transitions, final levels, expectations) and nothing else on stdout.
/// Exit codes, as `fleet run`'s: 0 every expectation met, 1 an expectation failed or the scenario is invalid, 2 the
/// command line is wrong.
/// </summary>
public static class SimulatorCli
{
    public const int Ok = 0, Failed = 1, UsageError = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var scenario = new Argument<string>("scenario") { Description = "A scenario file (e.g. scenarios/demo.yaml)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for every random draw (default: the file's)" };
        var start = new Option<string?>("--start") { Description = "Virtual start, e.g. 2026-03-02T08:00:00Z (default: the file's start:, else 2026-01-05T00:00:00Z)" };
        var until = new Option<string?>("--until") { Description = "Stop after this much virtual time (e.g. 2h)" };
        var plain = new Option<bool>("--plain") { Description = "The monitoring classes in one thread, no Orleans" };
        var root = new RootCommand("Plays a Fleet scenario here, as fast as possible, and prints its JSON summary") { scenario, seed, start, until, plain };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) error.WriteLine($"error: {parseError.Message}");
            return UsageError;
        }
        // --help and --version are System.CommandLine's own actions; the run itself is not one (the writers are the caller's).
        if (parsed.Action is not null)
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);

        var path = parsed.GetValue(scenario)!;
        if (!File.Exists(path)) return Usage(error, $"{path}: no such file");
        DateTimeOffset? startValue = null;
        if (parsed.GetValue(start) is { } startText)
        {
            if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return Usage(error, $"--start: '{startText}' is not a time such as 2026-03-02T08:00:00Z");
            startValue = at;
        }
        TimeSpan? untilValue = null;
        if (parsed.GetValue(until) is { } untilText)
        {
            if (!Fleet.Models.Durations.TryParse(untilText, out var u)) return Usage(error, $"--until: '{untilText}' is not a duration such as 2h");
            untilValue = u;
        }

        Scenario loaded;
        try
        {
            loaded = ScenarioLoader.LoadFile(path);
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"error: {path}: {e.Field}: {e.Reason}");
            return Failed;
        }
        var options = new RunOptions { Seed = parsed.GetValue(seed), Start = startValue, Speed = double.PositiveInfinity, Until = untilValue, RunId = loaded.Name };
        var summary = await HeadlessRun.RunAsync(loaded, options, parsed.GetValue(plain), cancellationToken: ct);
        output.WriteLine(JsonSerializer.Serialize(summary, Json));
        return summary.ExpectationsPassed ? Ok : Failed;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        error.WriteLine("Run 'fleet-sim --help' for usage.");
        return UsageError;
    }
}
