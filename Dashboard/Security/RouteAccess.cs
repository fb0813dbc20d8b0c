using Fleet.Dashboard.Hubs;
using Microsoft.AspNetCore.Authorization;

namespace Fleet.Dashboard.Security;

/// <summary>Who may call a route: anyone, any valid key, or a key holding a role (or one that implies it).</summary>
/// <param name="Trainees">Whether a trainee may use it too, in the one world of their seat (the ordinary dashboard's reads and operator actions).</param>
public sealed record RouteAccess(FleetRole? Role, bool Anonymous = false, bool Trainees = false)
{
    public static readonly RouteAccess Public = new(Role: null, Anonymous: true);
    public static readonly RouteAccess AnyKey = new(Role: null);

    public static RouteAccess For(FleetRole role) => new(role);

    /// <summary>A route of one world's dashboard: the role, or a trainee seated in that world.</summary>
    public static RouteAccess ForRoleOrTrainee(FleetRole role) => new(role, Trainees: true);

    /// <summary>The authorization policy that enforces this access (null for <see cref="Public"/>).</summary>
    public string? Policy => Anonymous ? null : Role?.Name() ?? AnyKeyPolicy;

    public const string AnyKeyPolicy = "any-key";

    public override string ToString() => Anonymous ? "public" : Role?.Name() ?? "any key";
}

/// <summary>
/// The one table of which role each route needs. Every endpoint Fleet maps goes through
/// <see cref="Apply"/>; an endpoint missing here gets no access metadata, falls to the admin-only
/// fallback policy, and fails the test that walks every endpoint. Only three routes are public: the
/// liveness probe (it says "ok" and nothing else; probes carry no secrets), the sign-in itself, and a trainee's
/// join with an exercise's code (a sign-in scoped to one world).
/// </summary>
public static class RouteAccessTable
{
    /// <summary>Where the Orleans runtime dashboard is mounted.</summary>
    public const string RuntimeDashboardPath = "/orleans";

    private const string AnyMethod = "*";

    private static readonly (string Method, string Pattern, RouteAccess Access)[] Routes =
    [
        ("GET", "/healthz", RouteAccess.Public),
        ("POST", "/api/session", RouteAccess.Public),
        ("GET", "/api/session", RouteAccess.AnyKey),
        ("DELETE", "/api/session", RouteAccess.AnyKey),

        ("POST", "/api/models/{id}/events", RouteAccess.For(FleetRole.Ingest)),

        ("GET", "/api/fleet", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/catalogue", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/models/{id}", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/models/{id}/series", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/models/{id}/rollout", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/reviews/{period}", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/reviews/history", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/reviews/history/{id}", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/models/{id}/timeline", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/alerts", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/incidents", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/incidents/{id}/report", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/silences", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/notifications", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("GET", "/api/scenarios", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/faults", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs/{id}", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs/{id}/summary", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs/{id}/report", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs/{id}/journal", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/runs/{id}/comparison", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/worlds", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/recordings", RouteAccess.For(FleetRole.View)),
        ("GET", "/api/recordings/{id}", RouteAccess.For(FleetRole.View)),
        (AnyMethod, FleetHub.Path + "/**", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        (AnyMethod, Metrics.MetricsEndpoint.Path, RouteAccess.For(FleetRole.View)),

        ("POST", "/api/models/{id}/actions", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),
        ("GET", "/api/actions", RouteAccess.ForRoleOrTrainee(FleetRole.View)),
        ("POST", "/api/alerts/ack", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),
        ("POST", "/api/incidents/{id}/ack", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),
        ("POST", "/api/incidents/{id}/mitigate", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),
        ("POST", "/api/silences", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),
        ("DELETE", "/api/silences/{id}", RouteAccess.ForRoleOrTrainee(FleetRole.Operate)),

        ("POST", "/api/runs", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/pause", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/resume", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/step", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/stop", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/speed", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/actions", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/injections", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises/{id}", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises/{id}/score", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises/{id}/timeline", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises/{id}/report", RouteAccess.For(FleetRole.Facilitate)),
        ("GET", "/api/exercises/{id}/teams/{team}/report", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises/join", RouteAccess.Public),
        ("GET", "/api/decisions", RouteAccess.ForRoleOrTrainee(FleetRole.Facilitate)),
        ("POST", "/api/decisions", RouteAccess.ForRoleOrTrainee(FleetRole.Facilitate)),
        ("POST", "/api/exercises/{id}/start", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises/{id}/pause", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises/{id}/resume", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises/{id}/end", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/exercises/{id}/next", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/recordings", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/recordings/{id}/stop", RouteAccess.For(FleetRole.Facilitate)),
        ("DELETE", "/api/recordings/{id}", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/imports", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/jump", RouteAccess.For(FleetRole.Facilitate)),
        ("POST", "/api/runs/{id}/replay", RouteAccess.For(FleetRole.Facilitate)),

        ("PUT", "/api/models/{id}", RouteAccess.For(FleetRole.Admin)),
        ("DELETE", "/api/models/{id}", RouteAccess.For(FleetRole.Admin)),
        ("POST", "/api/models/{id}/reset", RouteAccess.For(FleetRole.Admin)),
        ("GET", "/api/keys", RouteAccess.For(FleetRole.Admin)),
        ("POST", "/api/keys", RouteAccess.For(FleetRole.Admin)),
        ("DELETE", "/api/keys/{id}", RouteAccess.For(FleetRole.Admin)),
        (AnyMethod, RuntimeDashboardPath + "/**", RouteAccess.For(FleetRole.Admin)),
    ];

    /// <summary>The access declared for a route, or null when the table does not name it.</summary>
    public static RouteAccess? Find(string method, string pattern)
    {
        pattern = Normalize(pattern);
        foreach (var (m, p, access) in Routes)
        {
            var methodMatches = m == AnyMethod || string.Equals(m, method, StringComparison.OrdinalIgnoreCase);
            var patternMatches = p.EndsWith("/**", StringComparison.Ordinal)
                ? pattern == p[..^3] || pattern.StartsWith(p[..^2], StringComparison.Ordinal)
                : pattern == p;
            if (methodMatches && patternMatches) return access;
        }
        return null;
    }

    /// <summary>An endpoint convention: attaches the declared access (and the policy enforcing it) to an endpoint.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder route) return;
        var methods = route.Metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods is { Count: > 0 } declared
            ? declared
            : [AnyMethod];
        var found = methods.Select(m => Find(m, route.RoutePattern.RawText ?? "")).Distinct().ToList();
        if (found is not [{ } access]) return; // undeclared (or declared differently per method): the admin-only fallback applies
        endpoint.Metadata.Add(access);
        endpoint.Metadata.Add(access.Anonymous ? new AllowAnonymousAttribute() : new AuthorizeAttribute(access.Policy!));
    }

    private static string Normalize(string pattern) => "/" + pattern.Trim('/');
}
