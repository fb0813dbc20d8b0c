using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Fleet.Client.Commands;

/// <summary>`fleet register &lt;file.json&gt;`: creates or replaces a model's registration.</summary>
internal static class RegisterCommand
{
    public static Command Create(CliSession session)
    {
        var file = new Argument<FileInfo>("file") { Description = "Registration document (JSON)" };
        var id = new Option<string?>("--id") { Description = "Model id (default: the file's \"id\" property)" };

        var command = new Command("register", "Register a model (or update its registration) from a JSON file") { file, id };
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            var content = Encoding.UTF8.GetString(await CommandInputs.ReadFileAsync(path, ct)).TrimStart('\uFEFF');

            string modelId;
            try
            {
                modelId = ModelId(parseResult.GetValue(id), content);
                content = WithId(content, modelId);
            }
            catch (JsonException e)
            {
                session.Error.WriteLine($"error: {path.Name} is not valid JSON: {e.Message}");
                return ExitCodes.Failed;
            }

            // The document goes to the server as written (but for the id --id chose): it owns the registration
            // schema and reports field-level errors better than the CLI could.
            var api = session.Api(parseResult);
            await api.RegisterModelAsync(modelId, content, ct);
            session.Console.WriteLine($"Registered model {modelId} at {api.Server}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The document with the id the model is registered under: the server refuses a body whose id differs from
    /// the path's, so a template's own id gives way to --id. A document without an id is sent as written.
    /// </summary>
    internal static string WithId(string registrationJson, string modelId)
    {
        if (JsonNode.Parse(registrationJson) is not JsonObject obj || !obj.ContainsKey("id")) return registrationJson;
        if (obj["id"] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() == modelId) return registrationJson;
        obj["id"] = modelId;
        return obj.ToJsonString();
    }

    /// <summary>--id wins over the file's "id", so one template can register several models.</summary>
    internal static string ModelId(string? idOption, string registrationJson)
    {
        var document = JsonNode.Parse(registrationJson);
        if (!string.IsNullOrWhiteSpace(idOption))
            return idOption.Trim();

        if (document is JsonObject obj
            && obj.TryGetPropertyValue("id", out var idNode)
            && idNode?.GetValueKind() == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(idNode.GetValue<string>()))
            return idNode.GetValue<string>();

        throw new UsageException("no model id: pass --id or give the file an \"id\" property");
    }
}
