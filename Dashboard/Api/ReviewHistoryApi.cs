using Fleet.Dashboard.Reviews;

namespace Fleet.Dashboard.Api;

/// <summary>
/// The reviews generated on the schedule (README "Reviews"): GET /api/reviews/history?limit= lists them newest first;
/// GET /api/reviews/history/{id}?format=json|markdown|html reads one back.
/// </summary>
public static class ReviewHistoryApi
{
    public static IEndpointRouteBuilder MapReviewHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reviews/history", async (int? limit, IReviewStore store, CancellationToken ct) =>
            limit is < 1 or > 500 ? ApiError.BadRequest("limit", "must be 1 to 500")
            : Results.Json(new { reviews = await store.ListAsync(limit ?? 50, ct) }, FleetJson.Options));
        app.MapGet("/api/reviews/history/{id}", async (string id, string? format, HttpContext context, IReviewStore store, CancellationToken ct) =>
        {
            if (ReviewFormat.Refusal(format) is { } refused) return refused;
            return await store.GetAsync(id, ct) is { } kept
                ? ReviewFormat.Render(kept.Review, format, $"review-{kept.Id}", context)
                : ApiError.NotFound("id", $"no kept review '{id}'");
        });
        return app;
    }
}
