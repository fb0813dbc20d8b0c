namespace Fleet.Dashboard.Api;

/// <summary>
/// A silence's rule (POST /api/silences, or the silence action's rule) must name an alert the catalogue declares
/// (GET /api/catalogue) or one of the named model's own rules (its registration's <c>alerts</c>): a misspelt rule would
/// otherwise silence nothing, quietly.
/// </summary>
internal static class DeclaredAlerts
{
    /// <summary>The 400 naming the rule when it is not a declared alert; null when it is, or when no rule is given.</summary>
    public static async Task<IResult?> RefuseUnknownAsync(IGrainFactory grains, string? rule, string? world, string? model)
    {
        if (rule is null) return null;
        var catalogue = await grains.GetGrain<ICatalogueGrain>(0).Get();
        if (catalogue.DeclaresAlert(rule)) return null;
        if (model is not null && (await grains.Model(World.OrLive(world), model).GetSnapshot())?.Definition.Alerts?.Any(r => r.Name == rule) == true)
            return null;
        return ApiError.BadRequest("rule", $"'{rule}' is not a declared alert rule (see GET /api/catalogue)" + (model is null
            ? "; a model's own rule is silenced with its model"
            : $" nor one of model '{model}''s own rules"));
    }
}
