namespace Fleet.Dashboard.Security;

/// <summary>
/// Refuses any request whose Origin header names another origin than this server's. Browsers send
/// Origin on cross-origin reads (fetch), on every state-changing request and on WebSocket handshakes,
/// so a page of another origin can neither read the API nor open the hub, with or without a cookie
/// (SameSite treats another port of localhost as the same site, so the cookie alone would not stop it).
/// Clients that are not browsers (the CLI, curl, model servers) send no Origin and are not affected.
/// </summary>
public sealed class OriginCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameOrigin(origin, context.Request)) return next(context);
        return AccessDeniedWriter.Write(context, StatusCodes.Status403Forbidden, "origin",
            "requests from another origin are refused; use the page this server serves");
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
