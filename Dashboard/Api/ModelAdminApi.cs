namespace Fleet.Dashboard.Api;

/// <summary>An admin's remedies for a model whose state went wrong: start its monitoring afresh, or forget it.</summary>
public static class ModelAdminApi
{
    public static IEndpointRouteBuilder MapModelAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/models/{id}", DeleteModel);
        app.MapPost("/api/models/{id}/reset", ResetModel);
        return app;
    }

    private static async Task<IResult> DeleteModel(string id, string? world, IGrainFactory grains) =>
        await grains.Model(World.OrLive(world), id).Delete()
            ? Results.NoContent()
            : ApiError.UnknownModel(id);

    private static async Task<IResult> ResetModel(string id, string? world, IGrainFactory grains) =>
        await grains.Model(World.OrLive(world), id).Reset() is { } snapshot
            ? Results.Json(ModelResponse.From(snapshot), FleetJson.Options)
            : ApiError.UnknownModel(id);
}
