using System.CommandLine;
using System.Text.RegularExpressions;
using Fleet.Client.Rendering;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet report <run|incident|exercise/ID|exercise/ID/TEAM>`: the postmortem draft of a run, an incident or an exercise
/// team, or an exercise's teams compared, as Markdown or one HTML file.
/// </summary>
internal static partial class ReportCommand
{
    public static Command Create(CliSession session)
    {
        var subject = new Argument<string>("subject") { Description = "A run id (fleet run prints it), an incident id (INC-0001), exercise/ID (the teams compared) or exercise/ID/TEAM" };
        var format = new Option<string>("--format") { Description = "md (default) or html", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html");
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of the terminal" };
        var world = new Option<string?>("--world") { Description = "For an incident: the world it belongs to (default: the live fleet)" };
        var command = new Command("report", "Write the postmortem draft of a run, an incident or an exercise") { subject, format, output, world };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(subject)!;
            var query = $"?format={parse.GetValue(format)}";
            var path = id.StartsWith(ExercisePrefix, StringComparison.Ordinal)
                ? ExercisePath(id[ExercisePrefix.Length..]) + query
                : IncidentId().IsMatch(id)
                    ? $"api/incidents/{Uri.EscapeDataString(id)}/report{query}{(parse.GetValue(world) is { } w ? "&world=" + Uri.EscapeDataString(w) : "")}"
                    : $"api/runs/{Uri.EscapeDataString(id)}/report{query}";
            var report = await session.Api(parse).GetRawAsync(path, ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, report, ct);
                session.Output.WriteLine($"wrote {TerminalText.Safe(file.FullName)}");
            }
            else
            {
                // Line by line: the report's own line breaks stay, any other control character is shown escaped.
                foreach (var line in report.TrimEnd('\n').Split('\n')) session.Output.WriteLine(TerminalText.Safe(line));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private const string ExercisePrefix = "exercise/";

    /// <summary>"ex-abc" compares the exercise's teams; "ex-abc/red" is team red's postmortem (a team's name may hold '/').</summary>
    private static string ExercisePath(string rest)
    {
        var slash = rest.IndexOf('/');
        return slash < 0
            ? $"api/exercises/{Uri.EscapeDataString(rest)}/report"
            : $"api/exercises/{Uri.EscapeDataString(rest[..slash])}/teams/{Uri.EscapeDataString(rest[(slash + 1)..])}/report";
    }

    [GeneratedRegex(@"^INC-\d+$")]
    private static partial Regex IncidentId();
}
