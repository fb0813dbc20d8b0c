namespace Fleet.Dashboard.Api;

/// <summary>
/// A silence's rule (POST /api/silences, or the silence action's rule) must name an alert the catalogue declares
/// (GET /api/catalogue): a misspelt rule would otherwise silence nothing, quietly.
/// </summary>
internal static class DeclaredAlerts
{
    /// <summary>The 400 naming the rule when it is not a declared alert; null when it is, or when no rule is given.</summary>
    public static async Task<IResult?> RefuseUnknownAsync(IGrainFactory grains, string? rule)
    {
        if (rule is null) return null;
        var catalogue = await grains.GetGrain<ICatalogueGrain>(0).Get();
        return catalogue.DeclaresAlert(rule) ? null : ApiError.BadRequest("rule", $"'{rule}' is not a declared alert rule (see GET /api/catalogue)");
    }
}
