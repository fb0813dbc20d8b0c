using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet run &lt;scenario&gt;`: plays a scenario. On a Fleet server (its dashboard shows it live), or with
/// --headless in this process as fast as possible, printing a JSON summary (digest, transitions,
/// final levels, expectations) and nothing else on stdout. --plain runs the same monitoring classes without Orleans.
/// Exit codes: 0 every expectation met, 1 an expectation failed or the scenario is invalid, 2 the command line is wrong.
/// </summary>
internal static class RunCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliSession session)
    {
        var scenario = new Argument<string>("scenario") { Description = "A scenario file (e.g. scenarios/demo.yaml)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for every random draw (default: the file's)" };
        var start = new Option<string?>("--start") { Description = "Virtual start, e.g. 2026-03-02T08:00:00Z (default: the file's start:, else 2026-01-05T00:00:00Z)" };
        var speed = new Option<string?>("--speed") { Description = "Virtual seconds per wall second: 0 (paused), 1, 10, 100 or max (default max)" };
        var until = new Option<string?>("--until") { Description = "Stop after this much virtual time (e.g. 2h)" };
        var headless = new Option<bool>("--headless") { Description = "Run here, as fast as possible, and print a JSON summary" };
        var plain = new Option<bool>("--plain") { Description = "With --headless: the monitoring classes in one thread, no Orleans" };

        var command = new Command("run", "Run a scenario") { scenario, seed, start, speed, until, headless, plain };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(scenario)!;
            if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
            var startValue = ParseStart(parseResult.GetValue(start));
            var speedValue = ParseSpeed(parseResult.GetValue(speed));
            var untilText = parseResult.GetValue(until);
            TimeSpan? untilValue = untilText is null ? null
                : Fleet.Models.Durations.TryParse(untilText, out var u) ? u : throw new UsageException($"--until: '{untilText}' is not a duration such as 2h");
            if (parseResult.GetValue(headless))
            {
                if (!TryLoad(session, path, out var parsed)) return ExitCodes.Failed;
                var options = new RunOptions
                {
                    Seed = parseResult.GetValue(seed), Start = startValue, Speed = speedValue ?? double.PositiveInfinity, Until = untilValue, RunId = parsed.Name,
                };
                var summary = await HeadlessRun.RunAsync(parsed, options, parseResult.GetValue(plain), cancellationToken: ct);
                session.Output.WriteLine(JsonSerializer.Serialize(summary, Json));
                return summary.ExpectationsPassed ? ExitCodes.Ok : ExitCodes.Failed;
            }
            return await RemoteAsync(session, parseResult, File.ReadAllText(path), parseResult.GetValue(seed), startValue, speedValue, untilText, ct);
        });
        return command;
    }

    private static async Task<int> RemoteAsync(CliSession session, ParseResult parseResult, string yaml, int? seed, DateTimeOffset? start, double? speed,
        string? until, CancellationToken ct)
    {
        var api = session.Api(parseResult);
        var status = await api.StartRunAsync(yaml, seed, start, speed, until, ct);
        session.Console.MarkupLineInterpolated($"Run [bold]{status.Id}[/] started: {status.Models} models, {status.Start:u} to {status.End:u}");
        await session.Console.Progress().StartAsync(async progress =>
        {
            var bar = progress.AddTask(status.Scenario, maxValue: 1.0);
            while (RunStates.IsUnfinished(status.State))
            {
                await Task.Delay(500, ct);
                status = await api.GetRunAsync(status.Id, ct);
                bar.Value = Math.Min(1, status.Progress);
                bar.Description = $"{status.Scenario} {status.Now:u} ({status.State})";
            }
        });
        var summary = await api.GetRunSummaryAsync(status.Id, ct);
        session.Console.MarkupLineInterpolated($"{status.State}: {summary.Events:N0} events, {summary.Transitions.Count} transitions, digest {summary.Digest}");
        foreach (var e in summary.Expectations)
            session.Console.MarkupLineInterpolated($"  [{(e.Passed ? "green" : "red")}]{(e.Passed ? "pass" : "FAIL")}[/] {e.Description}: {e.Detail}");
        return status.State == RunStates.Finished && summary.ExpectationsPassed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>An invalid scenario is the input failing validation (exit 1), said on stderr with the field at fault.</summary>
    private static bool TryLoad(CliSession session, string path, out Scenario scenario)
    {
        try
        {
            scenario = ScenarioLoader.LoadFile(path);
            return true;
        }
        catch (ScenarioException e)
        {
            session.Error.WriteLine($"error: {path}: {e.Field}: {e.Reason}");
            scenario = null!;
            return false;
        }
    }

    private static DateTimeOffset? ParseStart(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at
        : throw new UsageException($"--start: '{text}' is not a time such as 2026-03-02T08:00:00Z");

    internal static double? ParseSpeed(string? text) => text switch
    {
        null or "max" => null,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s) => s,
        _ => throw new UsageException($"--speed: '{text}' must be a number >= 0 or max"),
    };
}
