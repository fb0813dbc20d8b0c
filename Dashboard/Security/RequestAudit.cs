using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Dashboard.Security;

/// <summary>
/// One log line per refusal (every 4xx, at Warning) and per action (a state-changing request on a route that needs
/// the operate, facilitate or admin role, at Information), naming the key that made it. Reads and ingestion log
/// nothing, nor does registration (pipelines send it on every deploy). Only the method, the route's path, the status
/// and the key's name are written: never a query string, a header or a body, where keys and secrets travel.
/// </summary>
public sealed class RequestAudit(RequestDelegate next, ILogger<RequestAudit> logger)
{
    private const int MaxPathLength = 200;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status is >= 400 and < 500)
            logger.LogWarning("Refused {Method} {Path} with {Status} for key {Key}", context.Request.Method, PathOf(context), status, KeyName(context));
        else if (status is >= 200 and < 300 && IsAction(context))
            logger.LogInformation("Key {Key} did {Method} {Path} ({Status})", KeyName(context), context.Request.Method, PathOf(context), status);
    }

    private static bool IsAction(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
            return false;
        if (context.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>() is not { Role: { } role }) return false;
        if (role is not (FleetRole.Operate or FleetRole.Facilitate or FleetRole.Admin)) return false;
        return !(HttpMethods.IsPut(context.Request.Method) && (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText == "/api/models/{id}");
    }

    /// <summary>The key's name as its creator gave it; "no key" before one was checked or when none came.</summary>
    private static string KeyName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "no key";

    /// <summary>The decoded path, cut short, with control characters escaped so a request cannot forge or hide log lines.</summary>
    private static string PathOf(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.Length > MaxPathLength) path = path[..MaxPathLength] + "…";
        return path.Any(char.IsControl)
            ? string.Concat(path.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()))
            : path;
    }
}
