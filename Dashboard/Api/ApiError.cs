namespace Fleet.Dashboard.Api;

/// <summary>The body of every 4xx answer: the message, the field it concerns and the bare reason.</summary>
public sealed record ApiError(string Error, string Field, string Reason)
{
    public static ApiError For(string field, string reason) => new($"{field}: {reason}", field, reason);

    public static IResult BadRequest(string field, string reason) => Results.BadRequest(For(field, reason));

    public static IResult NotFound(string field, string reason) => Results.NotFound(For(field, reason));

    /// <summary>The 404 for a model id nobody registered (in the world asked about).</summary>
    public static IResult UnknownModel(string id) => NotFound("id", $"model '{id}' is not registered");

    public static IResult TooLarge(string field, string reason) => Results.Json(For(field, reason), statusCode: StatusCodes.Status413PayloadTooLarge);
}
