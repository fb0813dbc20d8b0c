using Microsoft.AspNetCore.Antiforgery;

namespace Fleet.Dashboard.Security;

/// <summary>
/// Every state-changing request made with the session cookie must carry the anti-forgery token the
/// page got from GET /api/session (header <see cref="HeaderName"/>), checked by ASP.NET Core's
/// antiforgery. Requests with a key header need none: a browser never adds that header on its own.
/// </summary>
public sealed class AntiforgeryGuard(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-Fleet-Antiforgery";
    public const string CookieName = ".Fleet.Antiforgery";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.ViaCookie() && !IsSafe(context.Request.Method))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await AccessDeniedWriter.Write(context, StatusCodes.Status403Forbidden, "antiforgery",
                    $"a signed-in page must send the token of GET /api/session in the {HeaderName} header");
                return;
            }
        }
        await next(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
