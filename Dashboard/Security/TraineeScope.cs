using System.Security.Claims;
using Fleet.Dashboard.Worlds;
using Fleet.Exercises;
using Microsoft.Extensions.Primitives;

namespace Fleet.Dashboard.Security;

/// <summary>
/// A trainee is a signed-in session scoped to one world (their team's run), made from an exercise's join code. It
/// holds no role: it passes only routes declared <see cref="RouteAccess.Trainees"/>, and only in its own world.
/// </summary>
public static class TraineeClaims
{
    public const string Role = "trainee";
    public const string WorldClaim = "fleet:world";
    public const string ExerciseClaim = "fleet:exercise";
    public const string TeamClaim = "fleet:team";

    public static ClaimsPrincipal Principal(TraineeSeat seat, string name) => new(new ClaimsIdentity(
    [
        new(ClaimTypes.NameIdentifier, $"trainee/{seat.Exercise}/{seat.Team}"),
        new(ClaimTypes.Name, $"trainee {name} ({seat.Team})"),
        new(ClaimTypes.Role, Role),
        new(WorldClaim, seat.World),
        new(ExerciseClaim, seat.Exercise),
        new(TeamClaim, seat.Team),
    ], FleetClaims.CookieScheme));

    /// <summary>The one world a trainee may see; null for anyone else.</summary>
    public static string? TraineeWorld(this ClaimsPrincipal user) => user.IsInRole(Role) ? user.FindFirstValue(WorldClaim) : null;

    public static TraineeSeat? Seat(this ClaimsPrincipal user) =>
        user.TraineeWorld() is { } world && user.FindFirstValue(ExerciseClaim) is { } exercise && user.FindFirstValue(TeamClaim) is { } team
            ? new TraineeSeat(exercise, team, world) : null;

    /// <summary>
    /// What the role policies admit besides the role: a trainee on a trainee route in its own world (the query's
    /// <c>world</c>, which <see cref="TraineeScope"/> fills in when absent).
    /// </summary>
    public static bool AdmitsTrainee(ClaimsPrincipal user, object? resource) =>
        user.TraineeWorld() is { } world && resource is HttpContext http
        && http.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>() is { Trainees: true }
        && http.Request.Query[WorldParameter.Name].ToString() == world;
}

/// <summary>
/// Puts a trainee in their world: a request of theirs without <c>?world=</c> is read as asking for it, and one
/// naming another world is refused (403, field <c>world</c>) before any handler or the authorization runs.
/// </summary>
public sealed class TraineeScope(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.TraineeWorld() is not { } world) return next(context);
        var query = context.Request.Query;
        if (!query.TryGetValue(WorldParameter.Name, out var asked))
        {
            var values = query.ToDictionary(q => q.Key, q => q.Value);
            values[WorldParameter.Name] = new StringValues(world);
            context.Request.QueryString = QueryString.Create(values);
        }
        else if (asked.ToString() != world)
        {
            return AccessDeniedWriter.Write(context, StatusCodes.Status403Forbidden, WorldParameter.Name, "a trainee sees only their team's world");
        }
        return next(context);
    }
}
