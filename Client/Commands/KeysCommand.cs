using System.CommandLine;
using System.Text.Json;
using Fleet.Contracts;
using Fleet.Client.Rendering;
using Spectre.Console;
using static Fleet.Client.Rendering.ReplyFields;

namespace Fleet.Client.Commands;

/// <summary>`fleet keys create|list|revoke`: API keys and their roles (needs an admin key).</summary>
internal static class KeysCommand
{
    private const string RoleNames = "ingest, view, operate, facilitate or admin";

    public static Command Create(CliSession session) =>
        new("keys", "Manage API keys (admin)") { CreateKey(session), List(session), Revoke(session) };

    private static Command CreateKey(CliSession session)
    {
        var name = new Option<string>("--name") { Description = "Who or what uses the key, e.g. ci-ingest", Required = true };
        var role = new Option<string[]>("--role") { Description = $"A role ({RoleNames}); repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = CommandInputs.JsonOption();
        var command = new Command("create", "Create a key; it is printed once and cannot be shown again") { name, role, json };
        command.SetAction(async (parse, ct) =>
        {
            var raw = await session.Api(parse).PostRawAsync("api/keys", new CreateKeyRequest(parse.GetValue(name), parse.GetValue(role)), ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            var created = JsonDocument.Parse(raw).RootElement;
            session.Output.WriteLine($"created {Text(created, "id")} ({Text(created, "name")}: {Roles(created)})");
            session.Output.WriteLine($"key (shown only this once): {Text(created, "key")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliSession session)
    {
        var json = CommandInputs.JsonOption();
        var command = new Command("list", "List keys (never the keys themselves): id, name, roles, created, revoked") { json };
        command.SetAction(async (parse, ct) =>
        {
            var raw = await session.Api(parse).GetRawAsync("api/keys", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(raw); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "name", "roles", "created", "by", "revoked");
            foreach (var k in JsonDocument.Parse(raw).RootElement.EnumerateArray())
                table.AddRow(Markup.Escape(Text(k, "id")), Markup.Escape(Text(k, "name")), Markup.Escape(Roles(k)), Markup.Escape(Text(k, "createdAt")),
                    Markup.Escape(Text(k, "createdBy")), Markup.Escape(Text(k, "revokedAt")));
            session.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The key's id (from fleet keys list)" };
        var command = new Command("revoke", "Revoke a key: every request and signed-in page using it is refused from now on") { id };
        command.SetAction(async (parse, ct) =>
        {
            await session.Api(parse).DeleteAsync("api/keys/" + Uri.EscapeDataString(parse.GetValue(id)!), ct);
            session.Output.WriteLine($"revoked {parse.GetValue(id)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Roles(JsonElement key) => string.Join(",", key.GetProperty("roles").EnumerateArray().Select(r => TerminalText.Safe(r.ToString())));
}
