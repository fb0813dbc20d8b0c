using System.Reflection;
using Fleet.Dashboard.Api;
using Orleans.Serialization;

namespace Fleet.Silo.Desks;

/// <summary>
/// Exercises and recordings travel between a dashboard-only host and a silo as the API's own JSON: they are the API's
/// contracts (plain records, no Orleans attributes), so they keep the one JSON convention instead of a second form.
/// Types of those namespaces that Orleans generates a serializer for keep it.
/// </summary>
internal static class ContractsOnTheWire
{
    private static readonly string[] Namespaces = ["Fleet.Exercises", "Fleet.Recordings"];

    public static ISerializerBuilder AddFleetContracts(this ISerializerBuilder serializer) =>
        serializer.AddJsonSerializer(isSupported: IsContract, jsonSerializerOptions: FleetJson.Options);

    private static bool IsContract(Type type) =>
        Namespaces.Contains(type.Namespace) && type.GetCustomAttribute<GenerateSerializerAttribute>() is null;
}
