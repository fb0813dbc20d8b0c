using System.Text.Json;
using Fleet.Contracts;
using Fleet.Events;

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

    /// <summary>An answer that is a record or the field at fault, with the record as JSON text.</summary>
    public static async Task<(string? Json, ValidationError? Error)> Written<T>(Task<(T? Value, ValidationError? Error)> answer) where T : class
    {
        var (value, error) = await answer;
        return (WriteOrNull(value), error);
    }

    /// <summary>The record back from <see cref="Written{T}"/>'s answer.</summary>
    public static async Task<(T? Value, ValidationError? Error)> Read<T>(Task<(string? Json, ValidationError? Error)> answer) where T : class
    {
        var (json, error) = await answer;
        return (ReadOrNull<T>(json), error);
    }
}
