using Fleet.Dashboard.Api;
using Fleet.Dashboard.Security;

namespace Fleet.Dashboard.Limits;

/// <summary>
/// Refuses a request whose route values (ids) or query values are blank ids, too long, or hold control or
/// bidirectional characters, before any handler or grain sees them.
/// </summary>
public sealed class RouteTextCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not string text) continue;
            if (string.IsNullOrWhiteSpace(text)) return Refuse(context, name, "must not be blank");
            if (TextRules.Problem(text, TextRules.MaxIdLength) is { } problem) return Refuse(context, name, problem);
        }
        foreach (var (name, values) in context.Request.Query)
        {
            if (TextRules.Problem(name, TextRules.MaxNameLength) is not null) return Refuse(context, "query", "has a parameter name that is too long or holds control characters");
            foreach (var text in values)
                if (text is not null && TextRules.Problem(text, TextRules.MaxNameLength) is { } problem) return Refuse(context, name, problem);
        }
        return next(context);
    }

    private static Task Refuse(HttpContext context, string field, string reason) =>
        AccessDeniedWriter.Write(context, StatusCodes.Status400BadRequest, field, reason);
}
