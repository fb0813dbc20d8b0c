using Fleet.Dashboard.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace Fleet.Dashboard.Api;

/// <summary>
/// The page's sign-in: POST a key, get an HttpOnly SameSite=Strict session cookie and the anti-forgery
/// token that every state-changing request of the page must carry; GET tells who is signed in (and
/// renews the token); DELETE signs out.
/// </summary>
public static class SessionApi
{
    public sealed record SignInRequest(string? Key);

    /// <param name="World">A trainee's one world (the page shows it and no other); null for a key's session.</param>
    public sealed record SessionResponse(string KeyId, string Name, IReadOnlyList<string> Roles, string Antiforgery, string? World = null);

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", SignInAsync);
        app.MapGet("/api/session", (HttpContext context, IAntiforgery antiforgery) => Results.Json(Describe(context, antiforgery), FleetJson.Options));
        app.MapDelete("/api/session", async (HttpContext context) =>
        {
            await context.SignOutAsync(FleetClaims.CookieScheme);
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiKeyVerifier verifier, IAntiforgery antiforgery)
    {
        var (body, readError) = await FleetJson.ReadAsync<SignInRequest>(context.Request);
        if (readError is not null) return Results.BadRequest(readError);
        if (string.IsNullOrWhiteSpace(body!.Key)) return ApiError.BadRequest("key", "is required");
        var key = await verifier.VerifyAsync(body.Key.Trim(), context.RequestAborted);
        if (key is null) return Results.Json(ApiError.For("key", "the key is not valid or was revoked"), FleetJson.Options, statusCode: StatusCodes.Status401Unauthorized);

        var principal = FleetClaims.Principal(key, FleetClaims.CookieScheme);
        await context.SignInAsync(FleetClaims.CookieScheme, principal);
        // The token is bound to the signed-in identity, so this request must already act as it.
        context.User = principal;
        return Results.Json(Describe(context, antiforgery), FleetJson.Options);
    }

    internal static SessionResponse Describe(HttpContext context, IAntiforgery antiforgery) =>
        new(context.User.KeyId()!, context.User.Identity?.Name ?? "", context.User.RoleNames(), antiforgery.GetAndStoreTokens(context).RequestToken!,
            context.User.TraineeWorld());
}
