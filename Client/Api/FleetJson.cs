using System.Text.Json;
using Fleet.Client.Rendering;
using Fleet.Contracts;

namespace Fleet.Client.Api;

/// <summary>The API's JSON convention as the CLI applies it.</summary>
public static class FleetJson
{
    /// <summary>For reading a server's replies: the convention, with every string made terminal-safe.</summary>
    public static readonly JsonSerializerOptions Replies = new(FleetJsonConvention.Options) { Converters = { new TerminalSafeStringConverter() } };
}
