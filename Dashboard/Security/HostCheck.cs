using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Fleet.Dashboard.Security;

/// <summary>Settings of section "Fleet:Security".</summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// Host names (';'-separated, "*.example.com" wildcards, optional ports) this server answers. Default:
    /// the loopback names only, so a DNS name rebound to 127.0.0.1 reaches nothing. Add the names a
    /// deployment is reached by ("*" turns the check off).
    /// </summary>
    public string AllowedHosts { get; set; } = "localhost;127.0.0.1;[::1]";
}

/// <summary>
/// Refuses a request whose Host header is not an allowed host name (DNS rebinding), with the API's error
/// body. Matching is ASP.NET Core's own (<see cref="HostString.MatchesAny"/>, as in its host filtering).
/// </summary>
public sealed class HostCheck(RequestDelegate next, IOptions<SecurityOptions> options)
{
    private readonly StringSegment[] _allowed = options.Value.AllowedHosts
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(h => new StringSegment(h)).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (_allowed.Contains(new StringSegment("*")) || HostString.MatchesAny(context.Request.Host.Value ?? "", _allowed))
            return next(context);
        return AccessDeniedWriter.Write(context, StatusCodes.Status400BadRequest, "host",
            "this host name is not served here; add it to Fleet:Security:AllowedHosts");
    }
}
