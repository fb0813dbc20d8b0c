using System.Text.Json.Serialization;

namespace Fleet.Snapshots;

/// <summary>The windows the product owner's readings are kept over: the weekly and monthly review's, and a day.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OwnerWindow>))]
public enum OwnerWindow
{
    [JsonStringEnumMemberName("24h")] OneDay,
    [JsonStringEnumMemberName("7d")] SevenDays,
    [JsonStringEnumMemberName("30d")] ThirtyDays,
}

/// <summary>
/// The engagement, trust and business readings of one window (README "Product owner's readings"). Rates are
/// fractions of the model's predictions; each is null while the window holds no user response (not reported, not
/// zero). <see cref="Sentiment"/> is the share of feedback that was a thumbs up. <see cref="UpliftPer1000"/> is
/// value per 1,000 of the model's predictions minus value per 1,000 holdout requests (null without holdout traffic);
/// <see cref="ReturnOnCost"/> is (uplift per prediction - cost per prediction) / cost per prediction.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.OwnerReading")]
public sealed record OwnerReading(
    [property: Id(0)] OwnerWindow Window,
    [property: Id(1)] long Predictions,
    [property: Id(2)] long Responses,
    [property: Id(3)] double? EngagementRate,
    [property: Id(4)] double? ConversionRate,
    [property: Id(5)] long Feedback,
    [property: Id(6)] double? FeedbackPer1000,
    [property: Id(7)] double? Sentiment,
    [property: Id(8)] double? OptOutRate,
    [property: Id(9)] double? ValuePer1000,
    [property: Id(10)] long HoldoutRequests,
    [property: Id(11)] double? HoldoutValuePer1000,
    [property: Id(12)] double? UpliftPer1000,
    [property: Id(13)] double? CostPerPrediction,
    [property: Id(14)] double? ReturnOnCost);
