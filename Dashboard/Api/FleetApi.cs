using Fleet.Events;
using Fleet.Models;
using Fleet.Registry;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Api;

/// <summary>The HTTP API: health, the fleet, one model, registration and event ingestion.</summary>
public static class FleetApi
{
    /// <summary>Largest request body accepted for a batch; the event count limit is checked separately.</summary>
    public const long MaxBatchBodyBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/api/fleet", GetFleet);
        app.MapGet("/api/models/{id}", GetModel);
        app.MapPut("/api/models/{id}", PutModel);
        app.MapPost("/api/models/{id}/events", PostEvents)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBatchBodyBytes))
            .AddEndpointFilter<Metrics.IngestMetricsFilter>();
        return app;
    }

    private static async Task<IResult> GetFleet(string? world, HttpRequest request, IGrainFactory grains)
    {
        var q = request.Query;
        DegradationLevel? level = null;
        if (q.TryGetValue("level", out var levelText))
        {
            if (!int.TryParse(levelText, out var n) || n is < 1 or > 5) return ApiError.BadRequest("level", "must be a number from 1 to 5");
            level = (DegradationLevel)n;
        }
        var query = new FleetQuery(Text(q["domain"]), Text(q["owner"]), Text(q["team"]), level, Text(q["breached"]), Text(q["gap"]));
        var view = await grains.Registry(World.OrLive(world)).Query(query);
        return Results.Json(FleetResponse.From(view), FleetJson.Options);
    }

    private static async Task<IResult> GetModel(string id, string? world, IGrainFactory grains, KnownModels known)
    {
        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return ApiError.UnknownModel(id);
        var snapshot = await grains.Model(World.OrLive(world), id).GetSnapshot();
        return snapshot is null
            ? ApiError.UnknownModel(id)
            : Results.Json(ModelResponse.From(snapshot), FleetJson.Options);
    }

    private static async Task<IResult> PutModel(string id, string? world, HttpRequest request, IGrainFactory grains)
    {
        var (body, readError) = await FleetJson.ReadAsync<ModelRegistrationRequest>(request);
        if (readError is not null) return Results.BadRequest(readError);
        var (definition, error) = RegistrationMapper.Map(id, body!);
        if (error is not null) return Results.BadRequest(error);
        if (definition!.Alerts is { Count: > 0 } &&
            AlertRulesMapper.RefuseFleetNames(definition.Alerts, await grains.GetGrain<ICatalogueGrain>(0).Get()) is { } clash)
            return Results.BadRequest(clash);
        var snapshot = await grains.Model(World.OrLive(world), id).Register(definition);
        return Results.Json(ModelResponse.From(snapshot), FleetJson.Options);
    }

    private static async Task<IResult> PostEvents(string id, string? world, HttpRequest request, IGrainFactory grains, TimeProvider clock,
        IOptions<IngestOptions> ingest, KnownModels known)
    {
        if (request.ContentLength > MaxBatchBodyBytes)
            return ApiError.TooLarge("body", $"is {request.ContentLength} bytes; at most {MaxBatchBodyBytes} are accepted");
        var (batch, error, tooLarge) = await EventBatchReader.ReadAsync(request, clock);
        if (error is not null) return tooLarge ? Results.Json(error, statusCode: StatusCodes.Status413PayloadTooLarge) : Results.BadRequest(error);
        if (LiveClock.Problem(World.OrLive(world), batch!, clock.GetUtcNow(), ingest.Value.LiveClockTolerance) is { } offClock) return Results.BadRequest(offClock);
        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return UnknownForIngest(id);
        var result = await grains.Model(World.OrLive(world), id).Ingest(batch!);
        if (result.UnknownModel) return UnknownForIngest(id);
        if (result.Error is { } rejected) return ApiError.BadRequest(rejected.Field, rejected.Reason);
        return Results.Json(new IngestResponse(result.BatchId, result.Duplicate, result.Predictions, result.Outcomes,
            result.UnmatchedOutcomes, result.Level), FleetJson.Options);
    }

    private static IResult UnknownForIngest(string id) => ApiError.NotFound("id", $"model '{id}' is not registered; PUT /api/models/{id} first");

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
