using System.Text.Json.Serialization;

namespace Fleet.Models;

/// <summary>How much traffic a model version serves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutStage>))]
public enum RolloutStage
{
    [JsonStringEnumMemberName("shadow")] Shadow,
    [JsonStringEnumMemberName("1%")] OnePercent,
    [JsonStringEnumMemberName("5%")] FivePercent,
    [JsonStringEnumMemberName("10%")] TenPercent,
    [JsonStringEnumMemberName("25%")] TwentyFivePercent,
    [JsonStringEnumMemberName("100%")] Full,
    [JsonStringEnumMemberName("segment")] Segment,
}
