using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Contracts;

/// <summary>
/// The one JSON convention of the Fleet API, for the server and its clients: camelCase names, dictionary keys as
/// written, enums as camelCase strings, numbers as JSON numbers only.
/// </summary>
public static class FleetJsonConvention
{
    public static readonly JsonSerializerOptions Options = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
