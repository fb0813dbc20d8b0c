namespace Fleet.Dashboard.Security;

/// <summary>Where a request carries its key: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Fleet-Key: &lt;key&gt;</c>.</summary>
public static class KeyHeader
{
    public const string Name = "X-Fleet-Key";

    /// <summary>The presented key; "" when a key header is present but empty; null when there is none.</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Name, out var fleetKey)) return fleetKey.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0) return null;
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? authorization[bearer.Length..].Trim() : "";
    }
}
