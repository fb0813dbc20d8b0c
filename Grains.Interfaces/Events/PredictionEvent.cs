namespace Fleet.Events;

/// <summary>A feature value as the model saw it: a number, a category, or missing (both null).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.FeatureValue")]
public readonly record struct FeatureValue(
    [property: Id(0)] double? Number,
    [property: Id(1)] string? Category);

/// <summary>
/// One prediction served by a model, stamped with event time. <see cref="Score"/> is null when the
/// model produced no prediction for the request (it then counts against coverage). <see cref="Version"/> names the
/// model version that made it (null: the registered version; the declared candidate's goes to the rollout
/// comparison, not the model's windows). <see cref="Holdout"/> marks a request of the holdout share, answered by the
/// baseline, so business value can be compared with and without the model. <see cref="UserKey"/> is the hash of the
/// request's user id (<see cref="Fleet.Users.UserKey"/>; null: none given), from which users affected are counted.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.PredictionEvent")]
public sealed record PredictionEvent(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] string PredictionId,
    [property: Id(2)] string? Segment,
    [property: Id(3)] double? Score,
    [property: Id(4)] double LatencyMs,
    [property: Id(5)] int ServedLevel,
    [property: Id(6)] bool Fallback,
    [property: Id(7)] bool Error,
    [property: Id(8)] bool Timeout,
    [property: Id(9)] FeatureRow? Features = null,
    [property: Id(10)] string? Version = null,
    [property: Id(11)] bool Holdout = false,
    [property: Id(12)] ulong? UserKey = null);

/// <summary>
/// The observed truth for an earlier prediction: a label (0/1) or an observed value, and optionally what the user
/// did with it (<see cref="UserResponse"/>: engagement, feedback, opt-out, business value).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.OutcomeEvent")]
public sealed record OutcomeEvent(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] string PredictionId,
    [property: Id(2)] double Label,
    [property: Id(3)] UserResponse? Response = null);

/// <summary>
/// The unit of ingestion: applied whole or rejected whole. <see cref="BatchId"/> makes a resend
/// harmless; <see cref="SentAt"/> is the sender's clock, against which "far in the future" is judged
/// (the HTTP API stamps its own clock; a simulated run stamps its virtual clock).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.EventBatch")]
public sealed record EventBatch(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DateTimeOffset SentAt,
    [property: Id(2)] IReadOnlyList<PredictionEvent> Predictions,
    [property: Id(3)] IReadOnlyList<OutcomeEvent> Outcomes);

/// <summary>Why a batch or a request was refused: the offending field and the reason.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ValidationError")]
public sealed record ValidationError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>What happened to a batch.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] string BatchId,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] int Predictions,
    [property: Id(3)] int Outcomes,
    [property: Id(4)] int UnmatchedOutcomes,
    [property: Id(5)] int Level,
    [property: Id(6)] ValidationError? Error,
    [property: Id(7)] bool UnknownModel = false,
    [property: Id(8)] Fleet.Snapshots.LevelTransition? Transition = null,
    [property: Id(9)] IReadOnlyList<Fleet.Monitoring.Alerts.AlertTransition>? Alerts = null)
{
    public bool Accepted => Error is null && !UnknownModel;
}
