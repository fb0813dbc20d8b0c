using Fleet.Actions;
using Fleet.Models;
using Fleet.Runs;
using Fleet.Snapshots;
using Fleet.Dashboard.Security;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// What the model view needs beyond the snapshot: a window as a time series, one timeline of
/// transitions, actions and injections, and operators' actions (the same endpoint the CLI uses).
/// </summary>
public static class ModelActionsApi
{
    public sealed record SeriesPointLine(DateTimeOffset Start, long Volume, long Outcomes, double? Quality, double? LatencyP50,
        double? LatencyP95, double? LatencyP99, double? ErrorRate, double? TimeoutRate, double? FallbackRate, double? Coverage);
    public sealed record SeriesResponse(string Window, double BucketSeconds, IReadOnlyList<SeriesPointLine> Points);
    public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title, string Detail, string? By);

    public static IEndpointRouteBuilder MapModelActionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models/{id}/series", GetSeries);
        app.MapGet("/api/models/{id}/timeline", GetTimeline);
        app.MapPost("/api/models/{id}/actions", PostAction);
        app.MapGet("/api/actions", () => Results.Json(OperatorActions.All, FleetJson.Options));
        return app;
    }

    private static async Task<IResult> GetSeries(string id, string? window, string? world, IGrainFactory grains, KnownModels known)
    {
        var span = WindowSpan.OneHour;
        if (window is not null && !WindowSpans.TryParse(window, out span)) return ApiError.BadRequest("window", "must be one of 5m, 1h, 24h, 30d");
        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return ApiError.UnknownModel(id);
        var series = await grains.Model(World.OrLive(world), id).GetSeries(span);
        if (series is null) return ApiError.UnknownModel(id);
        var points = series.Points.Select(p => new SeriesPointLine(p.Start, p.Metrics.Volume, p.Metrics.Outcomes, p.Metrics.Quality,
            p.Metrics.LatencyP50, p.Metrics.LatencyP95, p.Metrics.LatencyP99, p.Metrics.ErrorRate, p.Metrics.TimeoutRate,
            p.Metrics.FallbackRate, p.Metrics.Coverage)).ToList();
        return Results.Json(new SeriesResponse(span.Name(), series.BucketWidth.TotalSeconds, points), FleetJson.Options);
    }

    private static async Task<IResult> GetTimeline(string id, string? world, IGrainFactory grains, [FromServices] IRunControl runs, KnownModels known,
        System.Security.Claims.ClaimsPrincipal user)
    {
        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return ApiError.UnknownModel(id);
        var grain = grains.Model(World.OrLive(world), id);
        var snapshot = await grain.GetSnapshot();
        if (snapshot is null) return ApiError.UnknownModel(id);
        var entries = new List<TimelineEntry>();
        entries.AddRange(snapshot.History.Select(t => new TimelineEntry(t.At, "transition",
            $"level {(int)t.From} -> {(int)t.To} ({t.To.Describe()})", t.Reason, null)));
        entries.AddRange((await grain.GetActions()).Select(a => new TimelineEntry(a.At, "action", a.Action, $"{a.Reason} ({a.Effect})", a.By)));
        // A trainee never sees the injections: finding the fault is the exercise.
        var injections = user.TraineeWorld() is null;
        entries.AddRange((await runs.JournalForAsync(World.OrLive(world), id))
            .Where(e => JournalKinds.IsSimulated(e.Kind) || (injections && JournalKinds.IsInjection(e.Kind)))
            .Select(e => new TimelineEntry(e.At, JournalKinds.IsSimulated(e.Kind) ? "action" : "injection", $"{e.Kind}: {e.Target}", e.Detail, e.By)));
        return Results.Json(entries.OrderByDescending(e => e.At).ToList(), FleetJson.Options);
    }

    private static async Task<IResult> PostAction(string id, string? world, HttpRequest request, IGrainFactory grains, TimeProvider clock,
        [FromServices] IRunControl runs, KnownModels known)
    {
        var (body, readError) = await FleetJson.ReadAsync<ActionRequest>(request);
        if (readError is not null) return Results.BadRequest(readError);
        var arguments = new ActionArguments(body!.By, body.Reason, body.Level, body.Stage, body.Duration, body.Rule);
        var (action, invalid) = OperatorActions.Validate(body.Action, ActionTarget.Model, arguments);
        if (invalid is not null) return ApiError.BadRequest(invalid.Field, invalid.Reason);
        if (await DeclaredAlerts.RefuseUnknownAsync(grains, body.Rule, world, id) is { } unknownRule) return unknownRule;

        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return ApiError.UnknownModel(id);
        var grain = grains.Model(World.OrLive(world), id);
        if (await grain.GetSnapshot() is null) return ApiError.UnknownModel(id);
        if (await runs.FindRunAsync(World.OrLive(world), id) is { } run)
        {
            // A simulated model: its run applies the action at the next tick, with its simulated effect.
            var refused = await runs.ActAsync(run.RunId,
                new RunAction(id, action!.Name, body.By!, body.Reason!, body.Level, body.Stage, body.From, body.Duration, body.Rule));
            if (refused is not null) return ApiError.BadRequest(refused.Field, refused.Reason);
            var queued = new ActionRecord(run.Now, action.Name, body.By!, body.Reason!, $"queued in run {run.RunId}: takes effect at its next tick");
            await grain.Audit(queued);
            return Results.Json(queued, FleetJson.Options, statusCode: StatusCodes.Status202Accepted);
        }
        var record = await grain.Act(action!.Name, arguments, clock.GetUtcNow());
        return Results.Json(record, FleetJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
