namespace Fleet.Dashboard.Api;

/// <summary>GET /api/models/{id}/rollout: the declared candidate version against the registered one, and the verdict.</summary>
public static class RolloutApi
{
    public static IEndpointRouteBuilder MapRolloutApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models/{id}/rollout", GetRollout);
        return app;
    }

    private static async Task<IResult> GetRollout(string id, string? world, IGrainFactory grains, KnownModels known)
    {
        if (!await known.IsRegisteredAsync(grains, World.OrLive(world), id)) return ApiError.UnknownModel(id);
        var report = await grains.Model(World.OrLive(world), id).GetRollout();
        return report is null
            ? ApiError.NotFound("candidate", $"model '{id}' has no candidate version; declare one with PUT /api/models/{id} (candidate: version, stage)")
            : Results.Json(report, FleetJson.Options);
    }
}
