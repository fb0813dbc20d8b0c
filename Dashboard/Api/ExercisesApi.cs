using Fleet.Dashboard.Security;
using Fleet.Exercises;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Training exercises over HTTP (the facilitate role): create from a shipped scenario or YAML text with teams,
/// start, pause, resume and end every team's run together, and the scoreboard.
/// </summary>
public static class ExercisesApi
{
    public static IEndpointRouteBuilder MapExercisesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exercises", async (HttpContext c, [FromServices] IExerciseControl exercises) =>
            Results.Json(await exercises.ListAsync(c.RequestAborted), FleetJson.Options));
        app.MapGet("/api/exercises/{id}", async (string id, HttpContext c, [FromServices] IExerciseControl exercises) =>
            await exercises.GetAsync(id, c.RequestAborted) is { } x ? Results.Json(x, FleetJson.Options) : Missing(id));
        app.MapPost("/api/exercises", (HttpContext c, [FromServices] IExerciseControl exercises) => CreateAsync(c, exercises));
        app.MapPost("/api/exercises/join", (HttpContext c, IAntiforgery antiforgery, [FromServices] IExerciseControl exercises) => JoinAsync(c, antiforgery, exercises));
        foreach (var command in new[] { "start", "pause", "resume", "next", "end" })
            app.MapPost($"/api/exercises/{{id}}/{command}", (string id, HttpContext c, [FromServices] IExerciseControl exercises) =>
                SteerAsync(id, command, c, exercises));
        app.MapGet("/api/decisions", async (string? world, HttpContext c, [FromServices] IExerciseControl exercises) =>
            string.IsNullOrEmpty(world) ? ApiError.BadRequest("world", "is required: the team's world")
            : await exercises.OpenQuestionAsync(world, c.RequestAborted) is { } open ? Results.Json(open, FleetJson.Options) : Results.NoContent());
        app.MapPost("/api/decisions", (string? world, HttpContext c, [FromServices] IExerciseControl exercises) => AnswerAsync(world, c, exercises));
        app.MapGet("/api/exercises/{id}/score", async (string id, HttpContext c, [FromServices] IExerciseControl exercises) =>
            await exercises.ScoreAsync(id, c.RequestAborted) is { } score ? Results.Json(score, FleetJson.Options) : Missing(id));
        app.MapGet("/api/exercises/{id}/timeline", async (string id, HttpContext c, [FromServices] IExerciseControl exercises) =>
            await exercises.TimelineAsync(id, c.RequestAborted) is { } timeline ? Results.Json(timeline, FleetJson.Options) : Missing(id));
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IExerciseControl exercises)
    {
        var (body, error) = await FleetJson.ReadAsync<ExerciseRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        var (exercise, refused) = await exercises.CreateAsync(body!, context.RequestAborted);
        return refused is not null
            ? ApiError.BadRequest(refused.Field, refused.Reason)
            : Results.Json(exercise, FleetJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// A join code signs the page in as a trainee of its team (the session cookie, like a key's sign-in): the
    /// ordinary dashboard and operator actions of the team's world, nothing else.
    /// </summary>
    private static async Task<IResult> JoinAsync(HttpContext context, IAntiforgery antiforgery, IExerciseControl exercises)
    {
        var (body, error) = await FleetJson.ReadAsync<JoinRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        if (string.IsNullOrWhiteSpace(body!.Code)) return ApiError.BadRequest("code", "is required: the join code the facilitator gave your team");
        if (await exercises.JoinAsync(body.Code, context.RequestAborted) is not { } seat)
            return Results.Json(ApiError.For("code", "no running exercise has this join code"), FleetJson.Options, statusCode: StatusCodes.Status401Unauthorized);
        var principal = TraineeClaims.Principal(seat, string.IsNullOrWhiteSpace(body.Name) ? "anonymous" : body.Name.Trim());
        await context.SignInAsync(FleetClaims.CookieScheme, principal);
        context.User = principal; // the anti-forgery token is bound to the identity signed in
        return Results.Json(SessionApi.Describe(context, antiforgery), FleetJson.Options);
    }

    private static async Task<IResult> AnswerAsync(string? world, HttpContext context, IExerciseControl exercises)
    {
        if (string.IsNullOrEmpty(world)) return ApiError.BadRequest("world", "is required: the team's world");
        var (body, error) = await FleetJson.ReadAsync<DecisionAnswerRequest>(context.Request);
        if (error is not null) return Results.BadRequest(error);
        var (answered, refused) = await exercises.AnswerAsync(world, body!, context.RequestAborted);
        return refused is null ? Results.Json(answered, FleetJson.Options) : ApiError.BadRequest(refused.Field, refused.Reason);
    }

    private static async Task<IResult> SteerAsync(string id, string command, HttpContext context, IExerciseControl exercises)
    {
        var (exercise, refused) = await exercises.SteerAsync(id, command, context.RequestAborted);
        if (exercise is null) return Missing(id);
        if (refused is null) return Results.Json(exercise, FleetJson.Options);
        // A command the exercise's state does not allow is a conflict; a run the host refused to start names its field.
        return refused.Field == "state"
            ? Results.Json(ApiError.For(refused.Field, refused.Reason), FleetJson.Options, statusCode: StatusCodes.Status409Conflict)
            : ApiError.BadRequest(refused.Field, refused.Reason);
    }

    private static IResult Missing(string id) => ApiError.NotFound("id", $"exercise '{id}' does not exist");
}
