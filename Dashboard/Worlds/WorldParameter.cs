using Fleet.Dashboard.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Dashboard.Worlds;

/// <summary>
/// The <c>world</c> query parameter of the fleet, model, alert, incident and action routes: absent means the live
/// fleet; a bad name is a 400 and a world nobody knows a 404, both with the <c>{error, field, reason}</c> body,
/// before the handler runs. Handlers take it as <c>string? world</c> and address <see cref="World.OrLive"/>.
/// </summary>
public static class WorldParameter
{
    public const string Name = "world";

    /// <summary>Checks every endpoint of <paramref name="routes"/> (a route group) for a valid, known world.</summary>
    public static TBuilder RequireKnownWorld<TBuilder>(this TBuilder routes) where TBuilder : IEndpointConventionBuilder =>
        routes.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Request.Query.TryGetValue(Name, out var values)
                && await context.HttpContext.RequestServices.GetRequiredService<WorldDirectory>().RefusalAsync(values.ToString()) is { } refusal)
            {
                return refusal.Status == StatusCodes.Status404NotFound ? ApiError.NotFound(Name, refusal.Reason) : ApiError.BadRequest(Name, refusal.Reason);
            }
            return await next(context);
        });

    public static IEndpointRouteBuilder MapWorldsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/worlds", async (WorldDirectory worlds) => Results.Json(await worlds.ListAsync(), FleetJson.Options));
        return app;
    }
}
