namespace Fleet.Users;

/// <summary>One hour's distinct users served badly (an error, a timeout or a fallback answer), as a sketch.</summary>
[GenerateSerializer, Alias("Fleet.UserHour")]
public sealed record UserHour([property: Id(0)] DateTimeOffset Start, [property: Id(1)] UserSketch Sketch);

/// <summary>
/// What a model knows of the users it served badly: how many of its predictions carried a user id (none: users
/// affected are not measured), for each hour of the last 24 in which a badly served request carried one, the sketch,
/// and the start of the oldest hour it still keeps (null before its first event): earlier users are forgotten.
/// </summary>
[GenerateSerializer, Alias("Fleet.AffectedUsersView")]
public sealed record AffectedUsersView(
    [property: Id(0)] long PredictionsWithUser,
    [property: Id(1)] IReadOnlyList<UserHour> Hours,
    [property: Id(2)] DateTimeOffset? KeptSince);
