using Fleet.Registry;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Api;

/// <summary>
/// GET /api/reviews/{weekly|monthly}?team=&amp;owner=&amp;format=markdown: every model's review for the period (README
/// "Reviews"), as JSON or Markdown; the numbers are the models' own (the same as their snapshots' windows and readings).
/// </summary>
public static class ReviewsApi
{
    // Models asked at once: a fleet of thousands is reviewed in slices, not with one call each in flight.
    private const int Slice = 64;

    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reviews/{period}", GetReviews);
        return app;
    }

    private static async Task<IResult> GetReviews(string period, string? world, string? team, string? owner, string? format, IGrainFactory grains)
    {
        ReviewPeriod? parsed = period switch { "weekly" => ReviewPeriod.Weekly, "monthly" => ReviewPeriod.Monthly, _ => null };
        if (parsed is not { } p) return ApiError.BadRequest("period", "must be weekly or monthly");
        if (format is not (null or "json" or "markdown")) return ApiError.BadRequest("format", "must be json or markdown");
        var name = World.OrLive(world);
        var view = await grains.Registry(name).Query(new FleetQuery(Owner: owner, Team: team));
        var reviews = new List<ModelReview>(view.Models.Count);
        foreach (var slice in view.Models.Chunk(Slice))
        {
            var answers = await Task.WhenAll(slice.Select(m => grains.Model(name, m.Id).GetReview(p)));
            reviews.AddRange(answers.OfType<ModelReview>());
        }
        reviews.Sort((a, b) => b.Level.CompareTo(a.Level) is not 0 and var c ? c : string.CompareOrdinal(a.Id, b.Id));
        return format == "markdown"
            ? Results.Text(ReviewMarkdown.Render(p, team, owner, reviews), "text/markdown; charset=utf-8")
            : Results.Json(new { period = p, team, owner, models = reviews }, FleetJson.Options);
    }
}
