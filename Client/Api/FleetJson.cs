using System.Text.Json;

namespace Fleet.Client.Api;

/// <summary>The one JSON convention of the Fleet API (camelCase, web defaults), shared by all calls.</summary>
public static class FleetJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
