using Fleet.Dashboard.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Fleet.Dashboard.Security;

/// <summary>
/// Answers a refused request with the API's error body instead of a challenge or a redirect:
/// 401 when no valid key or session came with it, 403 when its key lacks the route's role.
/// </summary>
public sealed class AccessDeniedWriter : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            var presented = KeyHeader.Read(context.Request);
            var reason = presented is null
                ? $"this route needs a key: send 'Authorization: Bearer <key>' or '{KeyHeader.Name}: <key>', or sign in on the page"
                : "the key is not valid or was revoked";
            await Write(context, StatusCodes.Status401Unauthorized, "key", reason);
            return;
        }
        // A path that matches no route is admin-only by the fallback policy; a caller with a valid key
        // learns it does not exist (routing's 404) rather than that it may not see it.
        if (result.Forbidden && context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }
        if (result.Forbidden)
        {
            var access = context.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>();
            var needs = access?.Role is { } role ? $"the '{role.Name()}' role" : "the 'admin' role";
            var holds = context.User.RoleNames() is { Count: > 0 } roles ? string.Join(", ", roles) : "no role";
            await Write(context, StatusCodes.Status403Forbidden, "role", $"this route needs {needs}; the key '{context.User.Identity?.Name}' holds {holds}");
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }

    internal static Task Write(HttpContext context, int status, string field, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(ApiError.For(field, reason), FleetJson.Options);
    }
}
