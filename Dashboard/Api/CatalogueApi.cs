namespace Fleet.Dashboard.Api;

/// <summary>GET /api/catalogue: the readings, thresholds (with each domain's defaults), alert and burn-rate rules and level names.</summary>
public static class CatalogueApi
{
    public const string Path = "/api/catalogue";

    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (IGrainFactory grains) => Results.Json(await grains.GetGrain<ICatalogueGrain>(0).Get(), FleetJson.Options));
        return app;
    }
}
