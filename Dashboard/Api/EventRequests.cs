using System.Text.Json;

namespace Fleet.Dashboard.Api;

/// <summary>The JSON body of POST /api/models/{id}/events. Every field is nullable so a missing one is named, not defaulted.</summary>
public sealed class EventBatchRequest
{
    public string? BatchId { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public List<PredictionRequest?>? Predictions { get; set; }
    public List<OutcomeRequest?>? Outcomes { get; set; }
}

public sealed class PredictionRequest
{
    public DateTimeOffset? Timestamp { get; set; }
    public string? PredictionId { get; set; }
    public string? Segment { get; set; }
    public Dictionary<string, JsonElement>? Features { get; set; }
    public double? Score { get; set; }
    public double? LatencyMs { get; set; }
    public int? ServedLevel { get; set; }
    public bool? Fallback { get; set; }
    public bool? Error { get; set; }
    public bool? Timeout { get; set; }
}

public sealed class OutcomeRequest
{
    public DateTimeOffset? Timestamp { get; set; }
    public string? PredictionId { get; set; }
    public double? Label { get; set; }
}
