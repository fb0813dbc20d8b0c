using System.Text.Json;
using Fleet.Contracts;

namespace Fleet.Silo.Desks;

/// <summary>
/// Exercises and recordings cross between a dashboard-only host and a silo as the API's own JSON text: they are the
/// API's contracts (plain records, no Orleans serializers), read back with the convention the CLI reads answers with.
/// </summary>
internal static class ContractJson
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, FleetJsonConvention.Options);

    public static string? WriteOrNull<T>(T? value) where T : class => value is null ? null : Write(value);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, FleetJsonConvention.Options)!;

    public static T? ReadOrNull<T>(string? json) where T : class => json is null ? null : Read<T>(json);
}
