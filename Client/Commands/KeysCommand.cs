using System.CommandLine;
using Fleet.Contracts;
using Fleet.Client.Rendering;
using Spectre.Console;

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
            var reply = await session.Api(parse).PostAsync<CreatedKeyResponse>("api/keys", new CreateKeyRequest(parse.GetValue(name), parse.GetValue(role)), ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var created = reply.Value;
            session.Output.WriteLine($"created {created.Id} ({created.Name}: {string.Join(",", created.Roles)})");
            session.Output.WriteLine($"key (shown only this once): {created.Key}");
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
            var reply = await session.Api(parse).GetAsync<List<KeyResponse>>("api/keys", ct);
            if (parse.GetValue(json)) { session.Output.WriteLine(reply.RawJson); return ExitCodes.Ok; }
            var table = new Table().AddColumns("id", "name", "roles", "created", "by", "revoked");
            foreach (var k in reply.Value)
                table.AddRow(new[] { k.Id, k.Name, string.Join(",", k.Roles), MetricFormat.Time(k.CreatedAt), k.CreatedBy, MetricFormat.Time(k.RevokedAt) }
                    .Select(Markup.Escape).ToArray());
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
}
