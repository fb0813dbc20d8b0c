using Fleet.Actions;
using Fleet.Runs;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Simulated runs over HTTP: start a scenario, pause, change speed, step, jump, stop, act on a model, inject
/// a fault; list the recorded runs, page a run's journal, replay a run and compare the replay with it. Every silo serves
/// every run of the cluster (<c>ClusterRunControl</c>), and so does the dashboard-only host through them
/// (<c>ClientRunControl</c>).
/// </summary>
public static class RunsApi
{
    public sealed record SpeedRequest(double? Speed);
    public sealed record JumpRequest(DateTimeOffset? To);

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/scenarios", ([FromServices] IRunControl runs) => Results.Json(runs.Scenarios(), FleetJson.Options));
        app.MapGet("/api/faults", ([FromServices] IRunControl runs) => Results.Json(runs.Faults(), FleetJson.Options));
        app.MapGet("/api/runs", async (HttpContext c, [FromServices] IRunControl runs) =>
            Results.Json(await runs.ListRecordedAsync(c.RequestAborted), FleetJson.Options));
        app.MapGet("/api/runs/{id}/journal", (string id, HttpContext c, [FromServices] IRunControl runs) => JournalAsync(id, c, runs));
        app.MapGet("/api/runs/{id}/comparison", async (string id, HttpContext c, [FromServices] IRunControl runs) =>
            await runs.CompareAsync(id, c.RequestAborted) is { } comparison ? Results.Json(comparison, FleetJson.Options)
            : ApiError.NotFound("id", $"'{id}' is not a recorded replay (POST /api/runs/{{id}}/replay starts one)"));
        app.MapGet("/api/runs/{id}", (string id, HttpContext c, [FromServices] IRunControl runs) => SteerAsync(id, c, runs, (runs, ct) => runs.GetAsync(id, ct)));
        app.MapGet("/api/runs/{id}/summary", async (string id, HttpContext c, [FromServices] IRunControl runs) =>
            await runs.SummaryAsync(id, c.RequestAborted) is { } summary ? Results.Json(summary, FleetJson.Options) : await MissingAsync(id, runs, c.RequestAborted));
        app.MapPost("/api/runs", (HttpRequest r, [FromServices] IRunControl runs) => StartAsync(r.HttpContext, runs));
        app.MapPost("/api/runs/{id}/pause", (string id, HttpContext c, [FromServices] IRunControl runs) => SteerAsync(id, c, runs, (runs, ct) => runs.PauseAsync(id, ct)));
        app.MapPost("/api/runs/{id}/resume", (string id, HttpContext c, [FromServices] IRunControl runs) => SteerAsync(id, c, runs, (runs, ct) => runs.ResumeAsync(id, ct)));
        app.MapPost("/api/runs/{id}/step", (string id, HttpContext c, [FromServices] IRunControl runs) => SteerAsync(id, c, runs, (runs, ct) => runs.StepAsync(id, ct)));
        app.MapPost("/api/runs/{id}/stop", (string id, HttpContext c, [FromServices] IRunControl runs) => SteerAsync(id, c, runs, (runs, ct) => runs.StopAsync(id, ct)));
        app.MapPost("/api/runs/{id}/speed", (string id, HttpContext c, [FromServices] IRunControl runs) => SetSpeedAsync(id, c, runs));
        app.MapPost("/api/runs/{id}/actions", (string id, HttpContext c, [FromServices] IRunControl runs) => ActAsync(id, c, runs));
        app.MapPost("/api/runs/{id}/injections", (string id, HttpContext c, [FromServices] IRunControl runs) => InjectAsync(id, c, runs));
        app.MapPost("/api/runs/{id}/jump", (string id, HttpContext c, [FromServices] IRunControl runs) => JumpAsync(id, c, runs));
        app.MapPost("/api/runs/{id}/replay", (string id, HttpContext c, [FromServices] IRunControl runs) => ReplayAsync(id, c, runs));
        return app;
    }

    private static async Task<IResult> StartAsync(HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<StartRunRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (body!.Recording is { } recording)
        {
            if (body.Scenario is not null) return ApiError.BadRequest("recording", "and scenario are both given: a run plays one (a scenario may list recordings)");
            if (World.Problem(recording) is { } problem) return ApiError.BadRequest("recording", problem);
        }
        else if (string.IsNullOrWhiteSpace(body.Scenario)) return ApiError.BadRequest("scenario", "is required: a scenario name (GET /api/scenarios) or YAML text, or give a recording");
        var scenario = body.Recording is { } played ? Fleet.Recordings.RecordingScenario.Text(played) : body.Scenario!;
        var (status, refused) = await runs.StartAsync(scenario, body.Seed, body.Start, body.Speed, body.Until, context.RequestAborted);
        return refused is not null
            ? ApiError.BadRequest(refused.Field, refused.Reason)
            : Results.Json(status, FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> SetSpeedAsync(string id, HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<SpeedRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (body!.Speed is { } s && (double.IsNaN(s) || s < 0)) return ApiError.BadRequest("speed", "must be >= 0 (0 pauses; leave out for as fast as possible)");
        return await SteerAsync(id, context, runs, (runs, ct) => runs.SetSpeedAsync(id, body.Speed ?? double.PositiveInfinity, ct));
    }

    private static async Task<IResult> ActAsync(string id, HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<RunAction>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.Model)) return ApiError.BadRequest("model", "is required: the model acted on");
        if (OperatorActions.Validate(body.Action, ActionTarget.Model, body.Arguments()).Error is { } invalid) return ApiError.BadRequest(invalid.Field, invalid.Reason);
        if (await runs.GetAsync(id, context.RequestAborted) is null) return await MissingAsync(id, runs, context.RequestAborted);
        var refused = await runs.ActAsync(id, body);
        return refused is null ? Results.Accepted($"/api/runs/{id}", await runs.GetAsync(id, context.RequestAborted)) : ApiError.BadRequest(refused.Field, refused.Reason);
    }

    private static async Task<IResult> InjectAsync(string id, HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<RunInjection>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.Fault)) return ApiError.BadRequest("fault", "is required");
        if (body.Models is not { Count: > 0 }) return ApiError.BadRequest("models", "is required: at least one model of the run");
        if (await runs.GetAsync(id, context.RequestAborted) is null) return await MissingAsync(id, runs, context.RequestAborted);
        var refused = await runs.InjectAsync(id, body!);
        return refused is null ? Results.Accepted($"/api/runs/{id}", await runs.GetAsync(id, context.RequestAborted)) : ApiError.BadRequest(refused.Field, refused.Reason);
    }

    private static async Task<IResult> JournalAsync(string id, HttpContext context, IRunControl runs)
    {
        var query = context.Request.Query;
        long after = -1;
        if (query["after"].ToString() is { Length: > 0 } a && (!long.TryParse(a, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out after) || after < -1))
            return ApiError.BadRequest("after", "must be a position from a previous page's next (a whole number >= -1)");
        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > RunJournalLimits.MaxPage))
            return ApiError.BadRequest("limit", $"must be a whole number from 1 to {RunJournalLimits.MaxPage}");
        return await runs.JournalAsync(id, after, limit, context.RequestAborted) is { } page ? Results.Json(page, FleetJson.Options) : Missing(id);
    }

    private static async Task<IResult> JumpAsync(string id, HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<JumpRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (body!.To is not { } to) return ApiError.BadRequest("to", "is required: the event time to play to (ISO 8601)");
        var (status, refused) = await runs.JumpAsync(id, to, context.RequestAborted);
        return refused is not null ? ApiError.BadRequest(refused.Field, refused.Reason)
            : status is null ? await MissingAsync(id, runs, context.RequestAborted) : Results.Json(status, FleetJson.Options);
    }

    private static async Task<IResult> ReplayAsync(string id, HttpContext context, IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<ReplayRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        var (status, refused) = await runs.ReplayAsync(id, body!, context.RequestAborted);
        return refused is not null ? ApiError.BadRequest(refused.Field, refused.Reason)
            : status is null ? Missing(id)
            : Results.Json(status, FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Reads or steers a run; the answer is its status after the change.</summary>
    private static async Task<IResult> SteerAsync(string id, HttpContext context, IRunControl runs, Func<IRunControl, CancellationToken, Task<RunStatus?>> steer) =>
        await steer(runs, context.RequestAborted) is { } status ? Results.Json(status, FleetJson.Options)
        : await MissingAsync(id, runs, context.RequestAborted);

    /// <summary>
    /// 404 for a run that does not exist (an ended run reads from its journal on any silo); 503 for an unfinished recorded
    /// run no silo answers for: its silo has left the cluster, and another adopts it within seconds (README "Operations:
    /// PostgreSQL cluster").
    /// </summary>
    private static async Task<IResult> MissingAsync(string id, IRunControl runs, CancellationToken ct)
    {
        if ((await runs.ListRecordedAsync(ct)).FirstOrDefault(r => r.Id == id) is not { } recorded || !RunStates.IsUnfinished(recorded.State)) return Missing(id);
        return Results.Json(ApiError.For("id", $"run '{id}' is moving: its silo has left the cluster and another silo adopts it within seconds; try again"),
            FleetJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Missing(string id) => ApiError.NotFound("id", $"run '{id}' does not exist");
}
