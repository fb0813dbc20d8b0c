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
    /// <summary>The model version that made the prediction; absent: the registered one.</summary>
    public string? Version { get; set; }
    /// <summary>True for a request of the holdout share, answered by the baseline.</summary>
    public bool? Holdout { get; set; }
}

public sealed class OutcomeRequest
{
    public DateTimeOffset? Timestamp { get; set; }
    public string? PredictionId { get; set; }
    public double? Label { get; set; }
    // What the user did with the prediction (all optional): any of them makes the outcome carry a user response.
    public bool? Clicked { get; set; }
    public bool? Converted { get; set; }
    public double? Value { get; set; }
    /// <summary>"up", "down" or "not-for-me".</summary>
    public string? Feedback { get; set; }
    public bool? OptOut { get; set; }
}
