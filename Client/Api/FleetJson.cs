using System.Text.Json;
using Fleet.Client.Rendering;

namespace Fleet.Client.Api;

/// <summary>The one JSON convention of the Fleet API (camelCase, web defaults), shared by all calls.</summary>
public static class FleetJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>For reading a server's replies: as <see cref="Options"/>, with every string made terminal-safe.</summary>
    public static readonly JsonSerializerOptions Replies = new(JsonSerializerDefaults.Web) { Converters = { new TerminalSafeStringConverter() } };
}
