using System.CommandLine;
using Fleet.Client.Rendering;

namespace Fleet.Client.Commands;

/// <summary>`fleet model reset|delete &lt;id&gt;`: an admin's remedies for a model, through the same endpoints as the API.</summary>
internal static class ModelAdminCommands
{
    public static IEnumerable<Command> Create(CliSession session)
    {
        yield return Reset(session);
        yield return Delete(session);
    }

    private static Command Reset(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The model id" };
        var command = new Command("reset", "Start a model's monitoring afresh: windows, pending predictions, level history and alerts emptied; the definition stays (admin)") { id };
        command.SetAction(async (parse, ct) =>
        {
            await session.Api(parse).PostRawAsync(ModelPath(parse.GetValue(id)!) + "/reset", new { }, ct);
            session.Output.WriteLine($"reset {TerminalText.Safe(parse.GetValue(id)!)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The model id" };
        var command = new Command("delete", "Forget a model: definition, state, registry line and alerts; a new registration starts afresh (admin)") { id };
        command.SetAction(async (parse, ct) =>
        {
            await session.Api(parse).DeleteAsync(ModelPath(parse.GetValue(id)!), ct);
            session.Output.WriteLine($"deleted {TerminalText.Safe(parse.GetValue(id)!)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string ModelPath(string id) => "api/models/" + Uri.EscapeDataString(id);
}
