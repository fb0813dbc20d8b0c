using System.Text.Json.Serialization;

namespace Fleet.Events;

/// <summary>What a user said about what they were served: thumbs up, thumbs down, or "not for me".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserFeedback>))]
public enum UserFeedback
{
    [JsonStringEnumMemberName("up")] Up,
    [JsonStringEnumMemberName("down")] Down,
    [JsonStringEnumMemberName("not-for-me")] NotForMe,
}

/// <summary>
/// What the user did with one served prediction, as the product sees it: engaged (clicked), converted, gave
/// feedback, opted out of the feature, and the business value of the outcome (revenue, cost avoided; may be negative).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.UserResponse")]
public sealed record UserResponse(
    [property: Id(0)] bool Clicked,
    [property: Id(1)] bool Converted,
    [property: Id(2)] double Value,
    [property: Id(3)] UserFeedback? Feedback,
    [property: Id(4)] bool OptedOut);
