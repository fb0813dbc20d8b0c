using System.CommandLine;
using Fleet.Client.Rendering;

namespace Fleet.Client.Commands;

/// <summary>`fleet review weekly|monthly [--team] [--owner] [--json]`: the operating rhythm's reviews, as Markdown (or the API's JSON).</summary>
internal static class ReviewCommand
{
    public static Command Create(CliSession session)
    {
        var period = new Argument<string>("period") { Description = "weekly (the model review, 7 days) or monthly (the KPI review, 30 days)" };
        period.AcceptOnlyFromAmong("weekly", "monthly");
        var team = new Option<string?>("--team") { Description = "Only this team's models" };
        var owner = new Option<string?>("--owner") { Description = "Only this owner's models" };
        var json = CommandInputs.JsonOption();
        var command = new Command("review", "Each model's five dimensions against the period before, open issues and actions taken") { period, team, owner, json };
        command.SetAction(async (parse, ct) =>
        {
            var query = new[] { ("team", parse.GetValue(team)), ("owner", parse.GetValue(owner)), ("format", parse.GetValue(json) ? null : "markdown") }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
            var raw = await session.Api(parse).GetRawAsync($"api/reviews/{parse.GetValue(period)}?{string.Join('&', query)}", ct);
            // Line by line: a newline is a control character too, and Safe would escape it.
            foreach (var line in raw.Split('\n')) session.Output.WriteLine(TerminalText.Safe(line));
            return ExitCodes.Ok;
        });
        return command;
    }
}
