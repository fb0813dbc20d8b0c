using Fleet.Dashboard.Reports.Rendering;
using Fleet.Dashboard.Reviews;
using Fleet.Registry;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Api;

/// <summary>
/// GET /api/reviews/{weekly|monthly}?team=&amp;owner=&amp;format=json|markdown|html: the review of the period (README
/// "Reviews") generated now; the numbers are the models' own (the same as their snapshots' windows and readings).
/// </summary>
public static class ReviewsApi
{
    public static IEndpointRouteBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reviews/{period}", GetReviews);
        return app;
    }

    private static async Task<IResult> GetReviews(string period, string? world, string? team, string? owner, string? format,
        HttpContext context, IGrainFactory grains)
    {
        ReviewPeriod? parsed = period switch { "weekly" => ReviewPeriod.Weekly, "monthly" => ReviewPeriod.Monthly, _ => null };
        if (parsed is not { } p) return ApiError.BadRequest("period", "must be weekly or monthly");
        if (ReviewFormat.Refusal(format) is { } refused) return refused;
        var review = await ReviewAssembler.BuildAsync(grains, World.OrLive(world), p, team, owner);
        return ReviewFormat.Render(review, format, $"review-{period}", context);
    }
}

/// <summary>A review answered as JSON, Markdown or one self-contained HTML file (the postmortem reports' renderers).</summary>
public static class ReviewFormat
{
    public static IResult? Refusal(string? format) =>
        format is null or "json" or "markdown" or "html" ? null : ApiError.BadRequest("format", "must be json, markdown or html");

    public static IResult Render(FleetReview review, string? format, string name, HttpContext context)
    {
        switch (format)
        {
            case "html":
                // The file draws with its own inline style; the page's policy ('self' only) would strip it.
                context.Response.Headers.ContentSecurityPolicy = HtmlReport.ContentSecurityPolicy + "; frame-ancestors 'none'";
                context.Response.Headers.ContentDisposition = $"inline; filename=\"{World.NameFrom(name)}.html\"";
                return Results.Text(HtmlReport.Render(ReviewDocument.Build(review)), "text/html; charset=utf-8");
            case "markdown":
                return Results.Text(MarkdownReport.Render(ReviewDocument.Build(review)), "text/markdown; charset=utf-8");
            default:
                return Results.Json(review, FleetJson.Options);
        }
    }
}
