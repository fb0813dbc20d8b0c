using System.Net.Http.Headers;
using System.Text;
using Fleet.Recordings;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Recordings of live traffic and imported incidents over HTTP: start, stop, list, delete a recording; import a file.
/// Either becomes a run with <c>POST /api/runs {recording}</c>.
/// </summary>
public static class RecordingsApi
{
    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recordings", async ([FromServices] IRecordingControl recordings, HttpContext c) =>
            Results.Json(await recordings.ListAsync(c.RequestAborted), FleetJson.Options));
        app.MapGet("/api/recordings/{id}", async (string id, [FromServices] IRecordingControl recordings, HttpContext c) =>
            Found(id, await recordings.GetAsync(id, c.RequestAborted)));
        app.MapPost("/api/recordings", (HttpContext c, [FromServices] IRecordingControl recordings) => StartAsync(c, recordings));
        app.MapPost("/api/recordings/{id}/stop", async (string id, [FromServices] IRecordingControl recordings, HttpContext c) =>
            Found(id, await recordings.StopAsync(id, c.RequestAborted)));
        app.MapDelete("/api/recordings/{id}", async (string id, [FromServices] IRecordingControl recordings, HttpContext c) =>
            await recordings.DeleteAsync(id, c.RequestAborted) ? Results.NoContent() : Missing(id));
        app.MapPost("/api/imports", (HttpContext c, [FromServices] IRecordingControl recordings) => ImportAsync(c, recordings));
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext context, IRecordingControl recordings)
    {
        var (body, error) = await FleetJson.ReadAsync<StartRecordingRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.Models))
            return ApiError.BadRequest("models", "is required: * for every live model, or ids and domain=, team=, owner= filters, comma-separated");
        var (recording, refused) = await recordings.StartAsync(body.Models, body.Until, context.RequestAborted);
        return refused is not null
            ? ApiError.BadRequest(refused.Field, refused.Reason)
            : Results.Json(recording, FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The file is the body (UTF-8 text: text/csv, text/plain, application/x-ndjson or application/jsonl); its format the query's.</summary>
    private static async Task<IResult> ImportAsync(HttpContext context, IRecordingControl recordings)
    {
        var format = context.Request.Query["format"].ToString();
        if (!ImportFormats.All.Contains(format)) return ApiError.BadRequest("format", $"must be one of {string.Join(", ", ImportFormats.All)} (?format=)");
        if (!IsText(context.Request.ContentType))
            return ApiError.BadRequest("content-type", $"must be text/csv, text/plain, application/x-ndjson or application/jsonl, optionally with charset=utf-8 (got '{context.Request.ContentType}')");
        string content;
        try
        {
            using var reader = new StreamReader(context.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            content = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return ApiError.BadRequest("body", "is not UTF-8 text");
        }
        if (UncleanLine(content) is { } unclean) return unclean;
        var (recording, problem) = await recordings.ImportAsync(format, content, context.RequestAborted);
        if (problem is null) return Results.Json(recording, FleetJson.Options, statusCode: StatusCodes.Status201Created);
        var at = problem.Line is { } line ? $"line {line}: " : "";
        return Results.Json(new ImportError($"{at}{problem.Field}: {problem.Reason}", problem.Field, problem.Reason, problem.Line), FleetJson.Options,
            statusCode: problem.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
    }

    /// <summary>A line holding a control character (but a tab) or a bidirectional override is refused, as the API refuses them in every string.</summary>
    private static IResult? UncleanLine(string content)
    {
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Limits.TextRules.Problem(lines[i].TrimEnd('\r'), int.MaxValue, freeText: true) is not { } problem) continue;
            return Results.Json(new ImportError($"line {i + 1}: line: {problem}", "line", problem, i + 1), FleetJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }
        return null;
    }

    private static bool IsText(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (media.MediaType is not ("text/csv" or "text/plain" or "application/x-ndjson" or "application/jsonl")) return false;
        var charset = media.CharSet;
        return media.Parameters.Count == (charset is null ? 0 : 1) && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult Found(string id, RecordingInfo? recording) => recording is null ? Missing(id) : Results.Json(recording, FleetJson.Options);

    private static IResult Missing(string id) => ApiError.NotFound("id", $"recording '{id}' does not exist");
}
