using System.CommandLine;
using System.Globalization;
using Fleet.Runs;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet run &lt;scenario&gt;`: plays a scenario on a Fleet server (its dashboard shows it live) and prints its
/// summary. A run without a server is the simulator's own command, fleet-sim (Simulator/).
/// Exit codes: 0 every expectation met, 1 an expectation failed or the scenario is invalid, 2 the command line is wrong.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliSession session)
    {
        var scenario = new Argument<string>("scenario") { Description = "A scenario file (e.g. scenarios/demo.yaml)" };
        var seed = new Option<int?>("--seed") { Description = "Seed for every random draw (default: the file's)" };
        var start = new Option<string?>("--start") { Description = "Virtual start, e.g. 2026-03-02T08:00:00Z (default: the file's start:, else 2026-01-05T00:00:00Z)" };
        var speed = new Option<string?>("--speed") { Description = "Virtual seconds per wall second: 0 (paused), 1, 10, 100 or max (default max)" };
        var until = new Option<string?>("--until") { Description = "Stop after this much virtual time (e.g. 2h)" };

        var command = new Command("run", "Run a scenario on the server") { scenario, seed, start, speed, until };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(scenario)!;
            if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
            var startValue = ParseStart(parseResult.GetValue(start));
            var speedValue = ParseSpeed(parseResult.GetValue(speed));
            var untilText = parseResult.GetValue(until);
            if (untilText is not null && !Fleet.Models.Durations.TryParse(untilText, out _))
                throw new UsageException($"--until: '{untilText}' is not a duration such as 2h");
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
