using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Dashboard.Api;

/// <summary>
/// One set of JSON rules for requests and answers: camelCase, enums as camelCase strings, unknown
/// request fields refused (a misspelt field is an error, not silently ignored).
/// </summary>
public static class FleetJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>Reads a request body, turning a JSON error into the field it happened at and why.</summary>
    public static async Task<(T? Value, ApiError? Error)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, ApiError.For("body", $"content type must be application/json (got {type})"));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            return value is null ? (null, ApiError.For("body", "is empty or null")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, ApiError.For(field, Describe(e)));
        }
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong type" + TypeHint(message);
        }
        if (message.Contains("could not be mapped", StringComparison.Ordinal) || message.Contains("unmapped", StringComparison.OrdinalIgnoreCase))
            return "is not a known field";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "is not valid JSON: " + (cut > 0 ? message[..cut] : message);
    }

    private static string TypeHint(string message) =>
        message.Contains("Double", StringComparison.Ordinal) || message.Contains("Int", StringComparison.Ordinal) ? " (expected a finite number)"
        : message.Contains("DateTimeOffset", StringComparison.Ordinal) ? " (expected an ISO 8601 timestamp)"
        : message.Contains("Boolean", StringComparison.Ordinal) ? " (expected true or false)"
        : message.Contains("String", StringComparison.Ordinal) ? " (expected a string)"
        : message.Contains("List", StringComparison.Ordinal) ? " (expected an array)"
        : "";
}
