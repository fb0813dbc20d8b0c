using System.CommandLine;
using Fleet.Client.Rendering;
using Fleet.Runs;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet runs`: the recorded runs (they survive restarts), newest first: id, scenario or source, seed, state, span, digest.</summary>
internal static class RunsCommand
{
    public static Command Create(CliSession session)
    {
        var json = CommandInputs.JsonOption();
        var command = new Command("runs", "List the recorded runs (scenarios, the demo, replays)") { json };
        command.SetAction(async (parseResult, ct) =>
        {
            var (raw, runs) = await session.Api(parseResult).ListRunsAsync(ct);
            if (parseResult.GetValue(json))
            {
                session.Output.WriteLine(raw);
                return ExitCodes.Ok;
            }
            if (runs.Count == 0)
            {
                session.Console.WriteLine("No runs recorded.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Id", "Scenario", "Source", "Seed", "State", "Span (virtual)", "Digest");
            foreach (var run in runs)
            {
                table.AddRow(new Text(run.Id), new Text(run.Scenario), new Text(run.ReplayOf is { } of ? $"replay of {of}" : run.Source),
                    new Text(run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(run.State),
                    new Text($"{run.Start:u} to {run.Now:u}"), new Text(run.Digest.Length > 12 ? run.Digest[..12] : run.Digest));
            }
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
