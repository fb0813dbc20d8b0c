using Fleet.Dashboard.Reports;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Runs;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Postmortem drafts over HTTP: of a run (<c>/api/runs/{id}/report</c>) and of one incident of a world
/// (<c>/api/incidents/{id}/report?world=</c>), as Markdown (default) or one self-contained HTML file.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapRunReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/{id}/report", async (string id, string? format, HttpContext context, IGrainFactory grains, [FromServices] IRunControl? runs) =>
        {
            if (runs is null)
                return Results.Json(ApiError.For("runs", "runs are hosted by the silo that co-hosts the dashboard"), FleetJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
            if (Refusal(format) is { } refused) return refused;
            return await new ReportFactSource(grains, runs).ForRunAsync(id) is { } facts
                ? Render(facts, format, context) : ApiError.NotFound("id", $"run '{id}' does not exist");
        });
        return app;
    }

    /// <summary>Mapped in the group of routes that take <c>?world=</c>.</summary>
    public static IEndpointRouteBuilder MapIncidentReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents/{id}/report", async (string id, string? format, string? world, HttpContext context, IGrainFactory grains) =>
        {
            if (Refusal(format) is { } refused) return refused;
            return await new ReportFactSource(grains, runs: null).ForIncidentAsync(World.OrLive(world), id) is { } facts
                ? Render(facts, format, context) : ApiError.NotFound("id", $"no incident '{id}'");
        });
        return app;
    }

    private static IResult? Refusal(string? format) =>
        format is null or "md" or "html" ? null : ApiError.BadRequest("format", "must be md or html");

    private static IResult Render(ReportFacts facts, string? format, HttpContext context)
    {
        var report = PostmortemBuilder.Build(facts);
        var name = World.NameFrom($"postmortem-{facts.Id}");
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
