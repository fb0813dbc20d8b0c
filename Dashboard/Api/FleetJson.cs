using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Dashboard.Limits;
using Microsoft.Net.Http.Headers;

namespace Fleet.Dashboard.Api;

/// <summary>
/// The API's JSON convention (<see cref="FleetJsonConvention"/>) as the server applies it: unknown request fields refused
/// (a misspelt field is an error, not silently ignored).
/// </summary>
public static class FleetJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>
    /// Requests are read stricter than answers are written: a missing or null value for a field that cannot be
    /// null is refused with its name (a missing one is the handler's to name), and every string goes through <see cref="CleanStringConverter"/>.
    /// </summary>
    private static readonly JsonSerializerOptions RequestOptions = new(Options)
    {
        RespectNullableAnnotations = true,
        Converters = { new CleanStringConverter() },
    };

    public static void Configure(JsonSerializerOptions options)
    {
        FleetJsonConvention.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
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
        if (!IsJson(request.ContentType))
            return (null, ApiError.For("content-type", $"must be application/json, optionally with charset=utf-8 (got '{request.ContentType}')"));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, RequestOptions, request.HttpContext.RequestAborted);
            if (value is null) return (null, ApiError.For("body", "is empty or null"));
            return TextRules.Check(value) is { } refused ? (null, refused) : (value, null);
        }
        catch (JsonException e)
        {
            var path = e.Path?.TrimStart('$', '.') ?? "";
            var field = path.Length == 0 || path == "['']" ? "body" : path;
            return (null, ApiError.For(field, Describe(e)));
        }
    }

    /// <summary>Reads one part of a request kept as JSON (a threshold by its field), naming a wrong field under <paramref name="path"/>.</summary>
    public static (T? Value, ApiError? Error) ReadPart<T>(JsonElement element, string path) where T : class
    {
        try
        {
            var value = element.Deserialize<T>(RequestOptions);
            return value is null ? (null, ApiError.For(path, "must not be null")) : (value, null);
        }
        catch (JsonException e)
        {
            var inner = e.Path?.TrimStart('$', '.') ?? "";
            return (null, ApiError.For(inner.Length == 0 ? path : $"{path}.{inner}", Describe(e)));
        }
    }

    /// <summary>Exactly application/json, with no parameter but an optional charset=utf-8.</summary>
    internal static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (!media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return false;
        var charset = media.Charset;
        var expected = charset.HasValue ? 1 : 0;
        return media.Parameters.Count == expected && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(JsonException e)
    {
        var message = e.Message;
        if (message.StartsWith(CleanStringConverter.Refusal, StringComparison.Ordinal)) return message[CleanStringConverter.Refusal.Length..].Split(" Path:")[0];
        if (message.Contains("null", StringComparison.Ordinal) && !message.Contains("could not be converted", StringComparison.Ordinal)) return "must not be null";
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
