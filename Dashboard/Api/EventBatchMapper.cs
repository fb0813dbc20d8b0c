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
        var features = new FeatureRowReader();
        for (var i = 0; i < predictions.Count; i++)
        {
            var (prediction, error) = MapPrediction(predictions[i], $"predictions[{i}]", features);
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

    private static (PredictionEvent? Prediction, ApiError? Error) MapPrediction(PredictionRequest? p, string path, FeatureRowReader features)
    {
        if (p is null) return (null, ApiError.For(path, "is null"));
        if (p.Timestamp is not { } at) return (null, ApiError.For($"{path}.timestamp", "is required"));
        if (p.PredictionId is null) return (null, ApiError.For($"{path}.predictionId", "is required"));
        if (p.LatencyMs is not { } latency) return (null, ApiError.For($"{path}.latencyMs", "is required"));
        FeatureRow? row = null;
        if (p.Features is not null)
        {
            var (read, error) = features.Read(p.Features, $"{path}.features");
            if (error is not null) return (null, error);
            row = read;
        }
        return (new PredictionEvent(at, p.PredictionId, p.Segment, p.Score, latency, p.ServedLevel ?? 1,
            p.Fallback ?? false, p.Error ?? false, p.Timeout ?? false, row), null);
    }

    /// <summary>
    /// Reads a request's features into <see cref="FeatureRow"/>s, the representation simulated events have too, so
    /// both reach the monitor alike. Rows naming the same features in the same order share one schema.
    /// </summary>
    private sealed class FeatureRowReader
    {
        private readonly FeatureSchemaSet _schemas = new();
        private string[] _names = [];
        private FeatureValue[] _values = [];

        public (FeatureRow? Row, ApiError? Error) Read(Dictionary<string, JsonElement> features, string path)
        {
            if (_names.Length < features.Count)
            {
                _names = new string[features.Count];
                _values = new FeatureValue[features.Count];
            }
            var n = 0;
            foreach (var (name, element) in features)
            {
                FeatureValue? value = element.ValueKind switch
                {
                    JsonValueKind.Number => new FeatureValue(element.GetDouble(), null),
                    JsonValueKind.String => new FeatureValue(null, element.GetString()),
                    JsonValueKind.True or JsonValueKind.False => new FeatureValue(null, element.GetBoolean() ? "true" : "false"),
                    JsonValueKind.Null => new FeatureValue(null, null),
                    _ => null,
                };
                if (value is null) return (null, ApiError.For($"{path}.{name}", "must be a number, a string, a boolean or null"));
                _names[n] = name;
                _values[n++] = value.Value;
            }
            return (new FeatureRow(_schemas.For(_names.AsSpan(0, n)), _values.AsSpan(0, n)), null);
        }
    }
}
