using System.CommandLine;
using Fleet.Runs;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet replay &lt;run&gt;`: plays a recorded run again in a new world from its journal (scenario, seed, start, the
/// outside inputs at their ticks) and says whether the digest matches the original's, or where they first differ.
/// With --without-actions or --thresholds it is a what-if: detection time and alert counts of both, side by side.
/// Exit codes: 0 the replay matches (or a what-if finished), 1 it differs or failed, 2 the command line is wrong.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliSession session)
    {
        var run = new Argument<string>("run") { Description = "The recorded run's id (fleet runs lists them)" };
        var speed = new Option<string?>("--speed") { Description = "Virtual seconds per wall second: 1, 10, 100 or max (default max)" };
        var until = new Option<string?>("--until") { Description = "Stop after this much virtual time (default: where the original stopped)" };
        var without = new Option<bool>("--without-actions") { Description = "What if: leave out every recorded action (injections stay)" };
        var thresholds = new Option<string?>("--thresholds") { Description = "What if: a YAML file of thresholds every model is judged by instead" };
        var command = new Command("replay", "Replay a recorded run and check its digest; or a what-if without its actions or with other thresholds")
        {
            run, speed, until, without, thresholds,
        };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(thresholds);
            if (path is not null && !File.Exists(path)) throw new UsageException($"--thresholds: {path}: no such file");
            var request = new ReplayRequest(RunCommand.ParseSpeed(parseResult.GetValue(speed)), parseResult.GetValue(until),
                parseResult.GetValue(without), path is null ? null : await File.ReadAllTextAsync(path, ct));
            var api = session.Api(parseResult);
            var status = await api.ReplayRunAsync(parseResult.GetValue(run)!, request, ct);
            session.Console.MarkupLineInterpolated($"Replay [bold]{status.Id}[/] of {status.ReplayOf} started: {status.Models} models, {status.Start:u} to {status.End:u}");
            while (RunStates.IsUnfinished(status.State) || (status.State == RunStates.Finished && status.Verdict is null))
            {
                await Task.Delay(500, ct);
                status = await api.GetRunAsync(status.Id, ct);
            }
            if (status.State != RunStates.Finished)
            {
                session.Console.MarkupLineInterpolated($"[red]{status.State}[/]");
                return ExitCodes.Failed;
            }
            var comparison = await api.GetComparisonAsync(status.Id, ct);
            session.Console.MarkupLineInterpolated($"[{(comparison.DigestMatches ? "green" : "yellow")}]{comparison.Verdict}[/]");
            var whatIf = request.WithoutActions || request.Thresholds is not null;
            if (whatIf) Render(session.Console, comparison);
            return comparison.DigestMatches || whatIf ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, ReplayComparison c)
    {
        var table = new Table().AddColumns("", $"as recorded ({c.Original})", $"what if ({c.Replay})");
        table.AddRow("first alert firing", Time(c.OriginalDetection.FirstFiring), Time(c.ReplayDetection.FirstFiring));
        table.AddRow("first model off full AI", Time(c.OriginalDetection.FirstBreach), Time(c.ReplayDetection.FirstBreach));
        table.AddRow("alerts fired", Count(c.OriginalDetection.Firing), Count(c.ReplayDetection.Firing));
        table.AddRow("alert changes", Count(c.OriginalDetection.AlertChanges), Count(c.ReplayDetection.AlertChanges));
        console.Write(table);
    }

    private static string Time(DateTimeOffset? at) => at is { } t ? t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
