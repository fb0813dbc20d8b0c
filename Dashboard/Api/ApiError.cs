namespace Fleet.Dashboard.Api;

/// <summary>The answers that carry an <see cref="ApiError"/> body (the body itself is a contract the CLI reads too).</summary>
public static class ApiErrorResults
{
    extension(ApiError)
    {
        public static IResult BadRequest(string field, string reason) => Results.BadRequest(ApiError.For(field, reason));

        public static IResult NotFound(string field, string reason) => Results.NotFound(ApiError.For(field, reason));

        /// <summary>The 404 for a model id nobody registered (in the world asked about).</summary>
        public static IResult UnknownModel(string id) => ApiError.NotFound("id", $"model '{id}' is not registered");

        public static IResult TooLarge(string field, string reason) => Results.Json(ApiError.For(field, reason), statusCode: StatusCodes.Status413PayloadTooLarge);
    }
}
