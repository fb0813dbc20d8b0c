using System.CommandLine;
using Fleet.Actions;
using Fleet.Client.Rendering;
using Fleet.Contracts;
using Fleet.Snapshots;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>
/// `fleet actions` lists the operator actions the server declares; `fleet act &lt;model&gt; &lt;action&gt;` takes one through
/// the endpoint the page's buttons use, so the server's validation (and its {field, reason}) is the only one.
/// </summary>
internal static class ActCommands
{
    public static IEnumerable<Command> Create(CliSession session) => [Actions(session), Act(session)];

    private static Command Actions(CliSession session)
    {
        var json = CommandInputs.JsonOption();
        var command = new Command("actions", "List the operator actions: what each takes and does") { json };
        command.SetAction(async (parse, ct) =>
        {
            var reply = await session.Api(parse).GetAsync<List<ActionDeclaration>>("api/actions", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var table = new Table().AddColumns("action", "on", "parameters", "serving", "effect");
            foreach (var a in reply.Value)
                table.AddRow(new[]
                {
                    a.Name, string.Join(", ", a.Targets.Select(t => MetricFormat.Name(t))), string.Join(", ", a.Parameters.Select(Parameter)), a.Serving ? "yes" : "no", a.Effect,
                }.Select(Markup.Escape).ToArray());
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Act(CliSession session)
    {
        var model = new Argument<string>("model") { Description = "The model id" };
        var action = new Argument<string>("action") { Description = "An action taken on a model (fleet actions lists them)" };
        var by = new Option<string>("--by") { Description = "Who acts", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var level = new Option<int?>("--level") { Description = "For force-level: 1 to 5" };
        var stage = new Option<string?>("--stage") { Description = "For rollout: the stage" };
        var duration = new Option<string?>("--duration") { Description = "For silence: how long, e.g. 30m" };
        var rule = new Option<string?>("--rule") { Description = "For silence: the one alert rule (default: all)" };
        var command = new Command("act", "Act on a model (audited; durable before it answers)") { model, action, by, reason, level, stage, duration, rule };
        command.SetAction(async (parse, ct) =>
        {
            var record = (await session.Api(parse).PostAsync<ActionRecord>($"api/models/{Uri.EscapeDataString(parse.GetValue(model)!)}/actions",
                new ActionRequest(parse.GetValue(action), parse.GetValue(by), parse.GetValue(reason), parse.GetValue(level), parse.GetValue(stage),
                    From: "cli", Duration: parse.GetValue(duration), Rule: parse.GetValue(rule)), ct)).Value;
            session.Output.WriteLine($"{record.Action} by {record.By} at {MetricFormat.Time(record.At)}: {record.Effect}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Parameter(ActionParameter p) => p.Choices.Count == 0 ? $"--{p.Name}" : $"--{p.Name} {string.Join('|', p.Choices)}";
}
