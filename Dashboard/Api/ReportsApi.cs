using Fleet.Dashboard.Reports;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Exercises;
using Fleet.Runs;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Postmortem drafts over HTTP: of a run (<c>/api/runs/{id}/report</c>), of one incident of a world
/// (<c>/api/incidents/{id}/report?world=</c>) and of an exercise (a team's, or the teams compared), as Markdown (default)
/// or one self-contained HTML file.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapRunReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/{id}/report", async (string id, string? format, HttpContext context, IGrainFactory grains, [FromServices] IRunControl runs) =>
        {
            if (Refusal(format) is { } refused) return refused;
            return await new ReportFactSource(grains, runs).ForRunAsync(id) is { } facts
                ? Render(facts, format, context) : ApiError.NotFound("id", $"run '{id}' does not exist");
        });
        return app;
    }

    /// <summary>Mapped in the group of routes that take <c>?world=</c>.</summary>
    public static IEndpointRouteBuilder MapIncidentReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents/{id}/report", async (string id, string? format, string? world, HttpContext context, IGrainFactory grains, [FromServices] IRunControl runs) =>
        {
            if (Refusal(format) is { } refused) return refused;
            return await new ReportFactSource(grains, runs).ForIncidentAsync(World.OrLive(world), id) is { } facts
                ? Render(facts, format, context) : ApiError.NotFound("id", $"no incident '{id}'");
        });
        return app;
    }

    /// <summary>
    /// An exercise's reports (facilitate role): one team's postmortem with its scores beside the ideal response
    /// (<c>/api/exercises/{id}/teams/{team}/report</c>), and every team compared (<c>/api/exercises/{id}/report</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapExerciseReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exercises/{id}/report", async (string id, string? format, HttpContext context, IGrainFactory grains,
            [FromServices] IExerciseControl exercises, [FromServices] IRunControl runs) =>
        {
            if (Refusal(format) is { } refused) return refused;
            if (await exercises.GetAsync(id, context.RequestAborted) is not { } exercise) return ApiError.NotFound("id", $"exercise '{id}' does not exist");
            var report = await new ExerciseReportSource(exercises, grains, runs).ComparisonAsync(exercise, context.RequestAborted);
            return Render(report, $"exercise-{exercise.Id}", format, context);
        });
        app.MapGet("/api/exercises/{id}/teams/{team}/report", async (string id, string team, string? format, HttpContext context, IGrainFactory grains,
            [FromServices] IExerciseControl exercises, [FromServices] IRunControl runs) =>
        {
            if (Refusal(format) is { } refused) return refused;
            if (await exercises.GetAsync(id, context.RequestAborted) is not { } exercise) return ApiError.NotFound("id", $"exercise '{id}' does not exist");
            if (exercise.Teams.FirstOrDefault(t => t.Name == team) is not { } playing)
                return ApiError.NotFound("team", $"exercise '{id}' has no team '{team}'");
            if (playing.RunId is null)
                return Results.Json(ApiError.For("team", "has not played: the exercise has not started"), FleetJson.Options, statusCode: StatusCodes.Status409Conflict);
            return await new ExerciseReportSource(exercises, grains, runs).TeamAsync(exercise, playing, context.RequestAborted) is { } facts
                ? Render(PostmortemBuilder.Build(facts), $"postmortem-{exercise.Id}-{playing.Name}", format, context)
                : ApiError.NotFound("team", $"the run of team '{team}' is no longer in the journal");
        });
        return app;
    }

    private static IResult? Refusal(string? format) =>
        format is null or "md" or "html" ? null : ApiError.BadRequest("format", "must be md or html");

    private static IResult Render(ReportFacts facts, string? format, HttpContext context) =>
        Render(PostmortemBuilder.Build(facts), $"postmortem-{facts.Id}", format, context);

    private static IResult Render(Postmortem report, string fileName, string? format, HttpContext context)
    {
        var name = World.NameFrom(fileName);
        if (format == "html")
        {
            // The file draws with its own inline style; the page's policy ('self' only) would strip it.
            context.Response.Headers.ContentSecurityPolicy = HtmlReport.ContentSecurityPolicy + "; frame-ancestors 'none'";
            context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}.html\"";
            return Results.Text(HtmlReport.Render(report), "text/html; charset=utf-8");
        }
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}.md\"";
        return Results.Text(MarkdownReport.Render(report), "text/markdown; charset=utf-8");
    }
}
