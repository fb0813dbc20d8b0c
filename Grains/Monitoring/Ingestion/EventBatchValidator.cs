using Fleet.Events;

namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// Checks a whole batch before any of it is applied, and names the first offending field
/// (e.g. "predictions[3].latencyMs") with the reason. Time is judged against the batch's own
/// clock and the model's watermark, never the wall clock, so a replay judges the same way.
/// </summary>
public static class EventBatchValidator
{
    public static ValidationError? Validate(EventBatch batch, long watermarkTicks)
    {
        if (string.IsNullOrWhiteSpace(batch.BatchId)) return new("batchId", "is required");
        if (batch.BatchId.Length > IngestionLimits.MaxIdLength)
            return new("batchId", $"is longer than {IngestionLimits.MaxIdLength} characters");
        var predictions = batch.Predictions ?? [];
        var outcomes = batch.Outcomes ?? [];
        var events = predictions.Count + outcomes.Count;
        if (events == 0) return new("predictions", "the batch holds no prediction and no outcome");
        if (events > IngestionLimits.MaxBatchEvents)
            return new("predictions", $"the batch holds {events} events; at most {IngestionLimits.MaxBatchEvents} are accepted per batch");

        var clock = new EventClock(batch.SentAt.UtcTicks, watermarkTicks);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < predictions.Count; i++)
        {
            var error = ValidatePrediction(predictions[i], $"predictions[{i}]", clock);
            if (error is not null) return error;
            if (!ids.Add(predictions[i].PredictionId))
                return new($"predictions[{i}].predictionId", $"'{predictions[i].PredictionId}' appears twice in the batch");
        }
        for (var i = 0; i < outcomes.Count; i++)
        {
            var error = ValidateOutcome(outcomes[i], $"outcomes[{i}]", clock);
            if (error is not null) return error;
        }
        return null;
    }

    private static ValidationError? ValidatePrediction(PredictionEvent prediction, string path, EventClock clock)
    {
        if (prediction is null) return new(path, "is null");
        return ValidateId(prediction.PredictionId, $"{path}.predictionId")
            ?? clock.Check(prediction.Timestamp, $"{path}.timestamp")
            ?? (prediction.Score is { } score && !double.IsFinite(score) ? new ValidationError($"{path}.score", "must be a finite number") : null)
            ?? (!double.IsFinite(prediction.LatencyMs) || prediction.LatencyMs < 0
                ? new ValidationError($"{path}.latencyMs", $"must be a finite number >= 0 (got {prediction.LatencyMs})") : null)
            ?? (prediction.ServedLevel is < 1 or > 5
                ? new ValidationError($"{path}.servedLevel", $"must be a degradation level from 1 to 5 (got {prediction.ServedLevel})") : null)
            ?? (prediction.Segment is { Length: > IngestionLimits.MaxIdLength }
                ? new ValidationError($"{path}.segment", $"is longer than {IngestionLimits.MaxIdLength} characters") : null)
            ?? ValidateFeatures(prediction.Features, $"{path}.features");
    }

    private static ValidationError? ValidateOutcome(OutcomeEvent outcome, string path, EventClock clock)
    {
        if (outcome is null) return new(path, "is null");
        return ValidateId(outcome.PredictionId, $"{path}.predictionId")
            ?? clock.Check(outcome.Timestamp, $"{path}.timestamp")
            ?? (!double.IsFinite(outcome.Label) ? new ValidationError($"{path}.label", "must be a finite number") : null);
    }

    private static ValidationError? ValidateFeatures(IReadOnlyDictionary<string, FeatureValue>? features, string path)
    {
        if (features is null) return null;
        if (features.Count > IngestionLimits.MaxFeatures)
            return new(path, $"holds {features.Count} features; at most {IngestionLimits.MaxFeatures} are accepted");
        foreach (var (name, value) in features)
        {
            if (string.IsNullOrWhiteSpace(name)) return new(path, "a feature name is empty");
            if (value.Number is { } number && !double.IsFinite(number))
                return new($"{path}.{name}", "must be a finite number, a category or null");
        }
        return null;
    }

    private static ValidationError? ValidateId(string? id, string path) =>
        string.IsNullOrWhiteSpace(id) ? new(path, "is required")
        : id.Length > IngestionLimits.MaxIdLength ? new(path, $"is longer than {IngestionLimits.MaxIdLength} characters")
        : null;

    /// <summary>The two edges of acceptable event time for one batch.</summary>
    private readonly struct EventClock(long sentAtTicks, long watermarkTicks)
    {
        private readonly long _latest = sentAtTicks + IngestionLimits.MaxFutureSkew.Ticks;
        private readonly long _earliest = Math.Max(sentAtTicks, watermarkTicks) - IngestionLimits.Horizon.Ticks;

        public ValidationError? Check(DateTimeOffset timestamp, string path)
        {
            if (timestamp == default) return new(path, "is required");
            var ticks = timestamp.UtcTicks;
            if (ticks > _latest)
                return new(path, $"{timestamp:O} is more than {IngestionLimits.MaxFutureSkew.TotalMinutes:0} minutes after the sender's clock ({new DateTimeOffset(sentAtTicks, TimeSpan.Zero):O})");
            if (ticks < _earliest)
                return new(path, $"{timestamp:O} is older than the longest window (30 days before {new DateTimeOffset(_earliest + IngestionLimits.Horizon.Ticks, TimeSpan.Zero):O})");
            return null;
        }
    }
}
