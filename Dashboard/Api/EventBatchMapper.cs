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
            var (response, responseError) = MapResponse(o, path);
            if (responseError is not null) return (null, responseError);
            mappedOutcomes[i] = new OutcomeEvent(at, o.PredictionId, label, response);
        }
        return (new EventBatch(request.BatchId, request.SentAt ?? now, mappedPredictions, mappedOutcomes), null);
    }

    private static (UserResponse? Response, ApiError? Error) MapResponse(OutcomeRequest o, string path)
    {
        if (o.Clicked is null && o.Converted is null && o.Value is null && o.Feedback is null && o.OptOut is null) return (null, null);
        UserFeedback? feedback = o.Feedback switch
        {
            null => null,
            "up" => UserFeedback.Up,
            "down" => UserFeedback.Down,
            "not-for-me" => UserFeedback.NotForMe,
            _ => (UserFeedback)(-1),
        };
        if (feedback is { } f && !Enum.IsDefined(f)) return (null, ApiError.For($"{path}.feedback", "must be up, down or not-for-me"));
        return (new UserResponse(o.Clicked ?? false, o.Converted ?? false, o.Value ?? 0, feedback, o.OptOut ?? false), null);
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
            p.Fallback ?? false, p.Error ?? false, p.Timeout ?? false, row, p.Version, p.Holdout ?? false), null);
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
