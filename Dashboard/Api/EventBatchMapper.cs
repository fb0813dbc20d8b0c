using System.Text.Json;
using Fleet.Events;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Turns a request body into an <see cref="EventBatch"/>, naming the first missing or malformed field.
/// Range and time checks are the grain's (it knows the model's clock), so both paths judge alike.
/// </summary>
public static class EventBatchMapper
{
    public static (EventBatch? Batch, ApiError? Error) Map(EventBatchRequest request, DateTimeOffset now)
    {
        var predictions = request.Predictions ?? [];
        var outcomes = request.Outcomes ?? [];
        if (string.IsNullOrWhiteSpace(request.BatchId)) return (null, ApiError.For("batchId", "is required"));

        var mappedPredictions = new PredictionEvent[predictions.Count];
        for (var i = 0; i < predictions.Count; i++)
        {
            var (prediction, error) = MapPrediction(predictions[i], $"predictions[{i}]");
            if (error is not null) return (null, error);
            mappedPredictions[i] = prediction!;
        }
        var mappedOutcomes = new OutcomeEvent[outcomes.Count];
        for (var i = 0; i < outcomes.Count; i++)
        {
            var path = $"outcomes[{i}]";
            var o = outcomes[i];
            if (o is null) return (null, ApiError.For(path, "is null"));
            if (o.Timestamp is not { } at) return (null, ApiError.For($"{path}.timestamp", "is required"));
            if (o.PredictionId is null) return (null, ApiError.For($"{path}.predictionId", "is required"));
            if (o.Label is not { } label) return (null, ApiError.For($"{path}.label", "is required"));
            mappedOutcomes[i] = new OutcomeEvent(at, o.PredictionId, label);
        }
        return (new EventBatch(request.BatchId, request.SentAt ?? now, mappedPredictions, mappedOutcomes), null);
    }

    private static (PredictionEvent? Prediction, ApiError? Error) MapPrediction(PredictionRequest? p, string path)
    {
        if (p is null) return (null, ApiError.For(path, "is null"));
        if (p.Timestamp is not { } at) return (null, ApiError.For($"{path}.timestamp", "is required"));
        if (p.PredictionId is null) return (null, ApiError.For($"{path}.predictionId", "is required"));
        if (p.LatencyMs is not { } latency) return (null, ApiError.For($"{path}.latencyMs", "is required"));
        Dictionary<string, FeatureValue>? features = null;
        if (p.Features is not null)
        {
            features = new Dictionary<string, FeatureValue>(p.Features.Count, StringComparer.Ordinal);
            foreach (var (name, element) in p.Features)
            {
                FeatureValue? value = element.ValueKind switch
                {
                    JsonValueKind.Number => new FeatureValue(element.GetDouble(), null),
                    JsonValueKind.String => new FeatureValue(null, element.GetString()),
                    JsonValueKind.True or JsonValueKind.False => new FeatureValue(null, element.GetBoolean() ? "true" : "false"),
                    JsonValueKind.Null => new FeatureValue(null, null),
                    _ => null,
                };
                if (value is null) return (null, ApiError.For($"{path}.features.{name}", "must be a number, a string, a boolean or null"));
                features[name] = value.Value;
            }
        }
        return (new PredictionEvent(at, p.PredictionId, p.Segment, p.Score, latency, p.ServedLevel ?? 1,
            p.Fallback ?? false, p.Error ?? false, p.Timeout ?? false, features), null);
    }
}
