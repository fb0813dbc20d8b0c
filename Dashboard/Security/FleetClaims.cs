using System.Security.Claims;

namespace Fleet.Dashboard.Security;

/// <summary>The identity a key gives a request (the same whether it came in a header or a signed-in session).</summary>
public static class FleetClaims
{
    /// <summary>The scheme that reads keys from headers.</summary>
    public const string KeyScheme = "FleetKey";

    /// <summary>The cookie scheme of signed-in pages.</summary>
    public const string CookieScheme = "FleetSession";

    /// <summary>The default scheme: a key header if the request has one, else the session cookie.</summary>
    public const string Scheme = "Fleet";

    public static ClaimsPrincipal Principal(ApiKeyRecord key, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id), new(ClaimTypes.Name, key.Name) };
        claims.AddRange(FleetRoles.Effective(key.Roles).Select(r => new Claim(ClaimTypes.Role, r.Name())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static IReadOnlyList<string> RoleNames(this ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();

    /// <summary>True when the request was authenticated by the session cookie (so it needs anti-forgery).</summary>
    public static bool ViaCookie(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme };
}
