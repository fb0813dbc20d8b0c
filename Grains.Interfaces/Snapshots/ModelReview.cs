using System.Text.Json.Serialization;
using Fleet.Models;

namespace Fleet.Snapshots;

/// <summary>The operating rhythm's reviews: the weekly model review (7 days) and the monthly KPI review (30 days).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewPeriod>))]
public enum ReviewPeriod
{
    [JsonStringEnumMemberName("weekly")] Weekly,
    [JsonStringEnumMemberName("monthly")] Monthly,
}

/// <summary>
/// One measure of one of the five dimensions (engagement, quality, trust, fairness, business outcome) over the period
/// and the one before it, with the change and whether it is "better", "worse", "steady" (within 5 % relative) or
/// "n/a" (a period without the figure).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ReviewLine")]
public sealed record ReviewLine(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string Measure,
    [property: Id(2)] double? Current,
    [property: Id(3)] double? Previous,
    [property: Id(4)] double? Change,
    [property: Id(5)] string Trend);

/// <summary>
/// A model's review for one period: its five dimensions against the period before, its maturity curve and baseline
/// uplift, fairness by segment over the period, open issues, the actions taken and the rollouts of the period.
/// <see cref="Gaps"/> are its governance gaps at the period's end (no owner, no thresholds of its own, no retraining
/// schedule, retraining overdue), also among the open issues.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelReview")]
public sealed record ModelReview(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Owner,
    [property: Id(3)] string? Team,
    [property: Id(4)] string Version,
    [property: Id(5)] DegradationLevel Level,
    [property: Id(6)] ReviewPeriod Period,
    [property: Id(7)] DateTimeOffset? From,
    [property: Id(8)] DateTimeOffset? To,
    [property: Id(9)] IReadOnlyList<ReviewLine> Lines,
    [property: Id(10)] IReadOnlyList<string> OpenIssues,
    [property: Id(11)] IReadOnlyList<ActionRecord> Actions,
    [property: Id(12)] MaturityCurve? Maturity,
    [property: Id(13)] SegmentFairness? Fairness,
    [property: Id(14)] IReadOnlyList<RolloutRecord> Rollouts,
    [property: Id(15)] IReadOnlyList<string>? Gaps = null);
