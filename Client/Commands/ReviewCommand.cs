using System.CommandLine;
using Fleet.Client.Rendering;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet review weekly|monthly [--team] [--owner] [--json] [--html FILE]`: the operating rhythm's reviews generated now,
/// as Markdown, the API's JSON or one HTML file; `fleet review history [ID] [--json] [--html FILE]`: the reviews kept on
/// the schedule, listed, or one read back.
/// </summary>
internal static class ReviewCommand
{
    public static Command Create(CliSession session)
    {
        var period = new Argument<string>("period") { Description = "weekly (the model review, 7 days), monthly (the KPI review, 30 days) or history (the kept ones)" };
        period.AcceptOnlyFromAmong("weekly", "monthly", "history");
        var id = new Argument<string?>("id") { Description = "With history: the kept review to read back (as listed)", Arity = ArgumentArity.ZeroOrOne };
        var team = new Option<string?>("--team") { Description = "Only this team's models" };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's models" };
        var json = CommandInputs.JsonOption();
        var html = new Option<FileInfo?>("--html") { Description = "Write the review as one self-contained HTML file" };
        var command = new Command("review", "Each model's five dimensions against the period before, maturity, fairness, incidents, rollouts, value and cost")
            { period, id, team, owner, json, html };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(html);
            var format = file is not null ? "html" : parse.GetValue(json) ? null : "markdown";
            var which = parse.GetValue(period)!;
            var kept = parse.GetValue(id);
            string path;
            if (which == "history" && kept is null)
            {
                path = "api/reviews/history";
                format = null;
            }
            else
            {
                var query = new[] { ("team", parse.GetValue(team)), ("owner", parse.GetValue(owner)), ("format", format) }
                    .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
                path = (which == "history" ? $"api/reviews/history/{Uri.EscapeDataString(kept!)}" : $"api/reviews/{which}") + $"?{string.Join('&', query)}";
            }
            var raw = await session.Api(parse).GetRawAsync(path, ct);
            if (file is not null && format == "html")
            {
                await File.WriteAllTextAsync(file.FullName, raw, ct);
                session.Output.WriteLine($"wrote {TerminalText.Safe(file.FullName)}");
                return ExitCodes.Ok;
            }
            // Line by line: a newline is a control character too, and Safe would escape it.
            foreach (var line in raw.Split('\n')) session.Output.WriteLine(TerminalText.Safe(line));
            return ExitCodes.Ok;
        });
        return command;
    }
}
