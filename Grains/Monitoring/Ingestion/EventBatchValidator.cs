using System.Buffers;
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
        var keys = ArrayPool<ulong>.Shared.Rent(batch.Predictions?.Count ?? 0);
        try
        {
            return Validate(batch, watermarkTicks, keys);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>
    /// Validates, and leaves each prediction's <see cref="IdKey"/> in <paramref name="predictionKeys"/> (at least as long
    /// as the batch's predictions) so the caller does not hash the ids again.
    /// </summary>
    public static ValidationError? Validate(EventBatch batch, long watermarkTicks, Span<ulong> predictionKeys)
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
        // Ids are compared by their 64-bit keys, as the pending ring compares them: two distinct ids sharing a key
        // (odds ~n²/2^65) would be told apart by neither.
        var seen = SeenKeys;
        seen.Clear();
        seen.EnsureCapacity(predictions.Count);
        for (var i = 0; i < predictions.Count; i++)
        {
            var error = ValidatePrediction(predictions[i], i, clock);
            if (error is not null) return error;
            predictionKeys[i] = IdKey.Of(predictions[i].PredictionId);
            if (!seen.Add(predictionKeys[i]))
                return new($"predictions[{i}].predictionId", $"'{predictions[i].PredictionId}' appears twice in the batch");
        }
        for (var i = 0; i < outcomes.Count; i++)
        {
            var error = ValidateOutcome(outcomes[i], i, clock);
            if (error is not null) return error;
        }
        return null;
    }

    // Field paths are built only for the event that fails: every batch passes through here.
    private static ValidationError? ValidatePrediction(PredictionEvent prediction, int i, EventClock clock)
    {
        if (prediction is null) return new($"predictions[{i}]", "is null");
        if (IdProblem(prediction.PredictionId) is { } idProblem) return new($"predictions[{i}].predictionId", idProblem);
        if (clock.Problem(prediction.Timestamp) is { } timeProblem) return new($"predictions[{i}].timestamp", timeProblem);
        if (prediction.Score is { } score && !double.IsFinite(score)) return new($"predictions[{i}].score", "must be a finite number");
        if (!double.IsFinite(prediction.LatencyMs) || prediction.LatencyMs < 0)
            return new($"predictions[{i}].latencyMs", $"must be a finite number >= 0 (got {prediction.LatencyMs})");
        if (prediction.ServedLevel is < 1 or > 5)
            return new($"predictions[{i}].servedLevel", $"must be a degradation level from 1 to 5 (got {prediction.ServedLevel})");
        if (prediction.Segment is { Length: > IngestionLimits.MaxIdLength })
            return new($"predictions[{i}].segment", $"is longer than {IngestionLimits.MaxIdLength} characters");
        if (prediction.Version is { } version && (string.IsNullOrWhiteSpace(version) || version.Length > IngestionLimits.MaxIdLength))
            return new($"predictions[{i}].version", $"must be 1-{IngestionLimits.MaxIdLength} characters, not blank");
        return prediction.Features is null ? null : ValidateFeatures(prediction.Features, i);
    }

    private static ValidationError? ValidateOutcome(OutcomeEvent outcome, int i, EventClock clock)
    {
        if (outcome is null) return new($"outcomes[{i}]", "is null");
        if (IdProblem(outcome.PredictionId) is { } idProblem) return new($"outcomes[{i}].predictionId", idProblem);
        if (clock.Problem(outcome.Timestamp) is { } timeProblem) return new($"outcomes[{i}].timestamp", timeProblem);
        if (!double.IsFinite(outcome.Label)) return new($"outcomes[{i}].label", "must be a finite number");
        if (outcome.Response is { } response)
        {
            if (!double.IsFinite(response.Value) || Math.Abs(response.Value) > IngestionLimits.MaxValue)
                return new($"outcomes[{i}].value", $"must be a finite number from -{IngestionLimits.MaxValue:0e0} to {IngestionLimits.MaxValue:0e0}");
            if (response.Feedback is { } feedback && !Enum.IsDefined(feedback))
                return new($"outcomes[{i}].feedback", "must be up, down or not-for-me");
        }
        return null;
    }

    private static ValidationError? ValidateFeatures(FeatureRow features, int i)
    {
        if (features.Count > IngestionLimits.MaxFeatures)
            return new($"predictions[{i}].features", $"holds {features.Count} features; at most {IngestionLimits.MaxFeatures} are accepted");
        foreach (var (name, value) in features) // the row's struct enumerator: no allocation per prediction
        {
            if (FeatureProblem(name, value, i) is { } problem) return problem;
        }
        return null;
    }

    private static ValidationError? FeatureProblem(string name, FeatureValue value, int i) =>
        string.IsNullOrWhiteSpace(name) ? new($"predictions[{i}].features", "a feature name is empty")
        : value.Number is { } number && !double.IsFinite(number) ? new($"predictions[{i}].features.{name}", "must be a finite number, a category or null")
        : null;

    // One per thread, reused: a grain's turn runs on one thread at a time and Validate does not await.
    [ThreadStatic] private static HashSet<ulong>? t_seenKeys;
    private static HashSet<ulong> SeenKeys => t_seenKeys ??= new HashSet<ulong>(1024);

    private static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "is required"
        : id.Length > IngestionLimits.MaxIdLength ? $"is longer than {IngestionLimits.MaxIdLength} characters"
        : null;

    /// <summary>The two edges of acceptable event time for one batch.</summary>
    private readonly struct EventClock(long sentAtTicks, long watermarkTicks)
    {
        private readonly long _latest = sentAtTicks + IngestionLimits.MaxFutureSkew.Ticks;
        private readonly long _earliest = Math.Max(sentAtTicks, watermarkTicks) - IngestionLimits.Horizon.Ticks;

        public string? Problem(DateTimeOffset timestamp)
        {
            if (timestamp == default) return "is required";
            var ticks = timestamp.UtcTicks;
            if (ticks > _latest)
                return $"{timestamp:O} is more than {IngestionLimits.MaxFutureSkew.TotalMinutes:0} minutes after the sender's clock ({new DateTimeOffset(sentAtTicks, TimeSpan.Zero):O})";
            if (ticks < _earliest)
                return $"{timestamp:O} is older than the longest window (30 days before {new DateTimeOffset(_earliest + IngestionLimits.Horizon.Ticks, TimeSpan.Zero):O})";
            return null;
        }
    }
}
