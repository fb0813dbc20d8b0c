using Fleet.Actions;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Runs;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Alerts, incidents, acknowledgements and silences over HTTP (the CLI's fleet alerts/incidents/ack/silence).
/// An acknowledgement or mitigation may carry a reason: the alert book keeps only who and when, so the reason
/// goes into the journal of every model the incident covers, where the model's timeline shows it.
/// In an unfinished run's world, acknowledgements, mitigations and silences (set or lifted) are checked against its book now,
/// then journaled as run inputs that the run applies at its next tick (202), so a resumed or replayed run plays them again.
/// </summary>
public static class AlertsApi
{
    /// <summary>An incident of a fleet-wide outage can span hundreds of models; the reason is journaled on the first ones.</summary>
    public const int MaxJournaledModels = 100;

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", GetAlerts);
        app.MapGet("/api/incidents", async (bool? open, string? world, IGrainFactory grains) =>
            Results.Json(await Book(grains, world).Incidents(open), FleetJson.Options));
        app.MapPost("/api/alerts/ack", Acknowledge);
        app.MapPost("/api/incidents/{id}/ack", (string id, string? world, HttpRequest request, IGrainFactory grains, [FromServices] IRunControl runs) =>
            ByAsync(request, grains, runs, world, by => Book(grains, world).Acknowledge(id, by), id, OperatorActions.Acknowledge, "acknowledged"));
        app.MapPost("/api/incidents/{id}/mitigate", (string id, string? world, HttpRequest request, IGrainFactory grains, [FromServices] IRunControl runs) =>
            ByAsync(request, grains, runs, world, by => Book(grains, world).Mitigate(id, by), id, OperatorActions.Mitigate, "mitigated"));
        app.MapGet("/api/silences", async (string? world, IGrainFactory grains) => Results.Json(await Book(grains, world).Silences(), FleetJson.Options));
        app.MapPost("/api/silences", PostSilence);
        app.MapDelete("/api/silences/{id}", DeleteSilence);
        app.MapGet("/api/notifications", async (string? world, IGrainFactory grains) => Results.Json(await Book(grains, world).Notifications(), FleetJson.Options));
        return app;
    }

    private static IFleetAlertsGrain Book(IGrainFactory grains, string? world) => grains.AlertBook(World.OrLive(world));

    /// <summary>The unfinished run whose world this is (its id is the world's name); null for the live world or an ended run.</summary>
    private static async Task<string?> RunOfAsync(IRunControl runs, string? world) =>
        World.OrLive(world) is var name && name != World.Live && await runs.GetAsync(name) is { } run && RunStates.IsUnfinished(run.State) ? run.Id : null;

    private static async Task<bool> IsOpenIncident(IGrainFactory grains, string? world, string id) =>
        (await Book(grains, world).Incidents(true)).Any(i => i.Id == id);

    /// <summary>As the book would find it: an open incident, or a firing alert ("rule/model") in one.</summary>
    private static async Task<bool> IsAcknowledgeable(IGrainFactory grains, string? world, string target) =>
        target.Split('/', 2) is [var rule, var model]
            ? (await Book(grains, world).Alerts(new AlertFilter(AlertState.Firing, model, null, null))).Any(a => a.Rule == rule && a.IncidentId is not null)
            : await IsOpenIncident(grains, world, target);

    /// <summary>Journals the act in the run (it applies at the next tick); 202 once it is durable, or the field at fault.</summary>
    private static async Task<IResult> QueueAsync(IRunControl runs, string run, RunBookAction action)
    {
        if (await runs.ActOnBookAsync(run, action) is { } refused) return ApiError.BadRequest(refused.Field, refused.Reason);
        return Results.Json(new { run, action.Action, action.Target, action.By, queued = "takes effect at the run's next tick" },
            FleetJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAlerts(string? state, string? model, string? domain, string? severity, string? world, IGrainFactory grains)
    {
        AlertState? s = null;
        if (state is not null)
        {
            if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var parsed)) return ApiError.BadRequest("state", "must be inactive, pending, firing or resolved");
            s = parsed;
        }
        AlertSeverity? v = null;
        if (severity is not null)
        {
            if (!Enum.TryParse<AlertSeverity>(severity, ignoreCase: true, out var parsed)) return ApiError.BadRequest("severity", "must be info, warning or page");
            v = parsed;
        }
        return Results.Json(await Book(grains, world).Alerts(new AlertFilter(s, model, domain, v)), FleetJson.Options);
    }

    private static async Task<IResult> Acknowledge(string? world, HttpRequest request, IGrainFactory grains, [FromServices] IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<AckRequest>(request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.Target)) return ApiError.BadRequest("target", "is required: an incident id or rule/model");
        if (string.IsNullOrWhiteSpace(body.By)) return ApiError.BadRequest("by", "is required: who acknowledges");
        if (await RunOfAsync(runs, world) is { } run)
            return await IsAcknowledgeable(grains, world, body.Target)
                ? await QueueAsync(runs, run, new RunBookAction(OperatorActions.Acknowledge.Name, body.Target, body.By, body.Reason))
                : ApiError.NotFound("target", $"no open alert or incident '{body.Target}'");
        if (!await Book(grains, world).Acknowledge(body.Target, body.By)) return ApiError.NotFound("target", $"no open alert or incident '{body.Target}'");
        if (!string.IsNullOrWhiteSpace(body.Reason))
        {
            var models = body.Target.Split('/', 2) is [_, var model] ? [model] : await ModelsOf(grains, world, body.Target);
            await JournalAsync(grains, world, models, OperatorActions.Acknowledge, body.By, body.Reason, $"{body.Target} acknowledged");
        }
        return Results.NoContent();
    }

    private static async Task<IResult> ByAsync(
        HttpRequest request, IGrainFactory grains, IRunControl runs, string? world, Func<string, Task<bool>> act, string id, OperatorAction action, string done)
    {
        var (body, error) = await FleetJson.ReadAsync<IncidentActionRequest>(request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.By)) return ApiError.BadRequest("by", "is required: who acts");
        if (await RunOfAsync(runs, world) is { } run)
            return await IsOpenIncident(grains, world, id)
                ? await QueueAsync(runs, run, new RunBookAction(action.Name, id, body.By, body.Reason))
                : ApiError.NotFound("id", $"no open incident '{id}'");
        if (!await act(body.By)) return ApiError.NotFound("id", $"no open incident '{id}'");
        if (!string.IsNullOrWhiteSpace(body.Reason))
            await JournalAsync(grains, world, await ModelsOf(grains, world, id), action, body.By, body.Reason, $"incident {id} {done}");
        return Results.NoContent();
    }

    private static async Task<IReadOnlyList<string>> ModelsOf(IGrainFactory grains, string? world, string incidentId) =>
        (await Book(grains, world).Incidents(null)).FirstOrDefault(i => i.Id == incidentId)?.Models ?? [];

    /// <summary>Written at the book's event time, so the entry sits where it happened on each model's timeline.</summary>
    private static async Task JournalAsync(IGrainFactory grains, string? world, IReadOnlyList<string> models, OperatorAction action, string by, string reason, string effect)
    {
        var at = (await Book(grains, world).GetVersion()).Now;
        var record = new Fleet.Snapshots.ActionRecord(at, action.Name, by, reason, effect);
        await Task.WhenAll(models.Take(MaxJournaledModels).Select(m => grains.Model(World.OrLive(world), m).Audit(record)));
    }

    private static async Task<IResult> PostSilence(string? world, HttpRequest request, IGrainFactory grains, [FromServices] IRunControl runs)
    {
        var (body, error) = await FleetJson.ReadAsync<SilenceRequest>(request);
        if (error is not null) return Results.BadRequest(error);
        if (body!.Rule is null && body.Model is null && body.Domain is null) return ApiError.BadRequest("rule", "a silence needs at least one of rule, model, domain");
        if (await DeclaredAlerts.RefuseUnknownAsync(grains, body.Rule, world, body.Model) is { } unknownRule) return unknownRule;
        if (!Durations.TryParse(body.Duration, out var duration)) return ApiError.BadRequest("duration", "must be a duration such as 30m or 2h");
        if (string.IsNullOrWhiteSpace(body.By)) return ApiError.BadRequest("by", "is required: who silences");
        if (string.IsNullOrWhiteSpace(body.Reason)) return ApiError.BadRequest("reason", "is required: why");
        var matcher = new SilenceMatcher(body.Rule, body.Model, body.Domain);
        if (await RunOfAsync(runs, world) is { } run)
            return await QueueAsync(runs, run, new RunBookAction(OperatorActions.Silence.Name, matcher.ToString(), body.By, body.Reason, matcher, body.Duration));
        var silence = await Book(grains, world).Silence(matcher, duration, body.By, body.Reason);
        return Results.Json(silence, FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteSilence(string id, string? by, string? world, IGrainFactory grains, [FromServices] IRunControl runs)
    {
        if (string.IsNullOrWhiteSpace(by)) return ApiError.BadRequest("by", "is required: who lifts the silence");
        var missing = ApiError.NotFound("id", $"no active silence '{id}'");
        if (await RunOfAsync(runs, world) is { } run)
        {
            var book = Book(grains, world);
            var now = (await book.GetVersion()).Now;
            return (await book.Silences()).Any(s => s.Id == id && s.IsActive(now))
                ? await QueueAsync(runs, run, new RunBookAction(RunBookAction.Unsilence, id, by))
                : missing;
        }
        return await Book(grains, world).Unsilence(id, by) ? Results.NoContent() : missing;
    }
}
