using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Dashboard.Security;

/// <summary>
/// Keys, sessions and roles: who a request is (a key header, else the session cookie) and what it may
/// do (<see cref="RouteAccessTable"/>), plus the browser-facing defences (host names, Origin, anti-forgery, headers).
/// The host supplies the <see cref="IApiKeyStore"/>.
/// </summary>
public static class FleetSecurity
{
    public const string SessionCookieName = ".Fleet.Session";

    /// <summary>How long a signed-in page stays signed in without a request (sliding).</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(12);

    public static IServiceCollection AddFleetSecurity(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Fleet:Security"));
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<ApiKeyIssuer>();
        services.AddAuthentication(FleetClaims.Scheme)
            .AddPolicyScheme(FleetClaims.Scheme, null, o => o.ForwardDefaultSelector = context =>
                KeyHeader.Read(context.Request) is null ? FleetClaims.CookieScheme : FleetClaims.KeyScheme)
            .AddScheme<AuthenticationSchemeOptions, KeyAuthenticationHandler>(FleetClaims.KeyScheme, null)
            .AddCookie(FleetClaims.CookieScheme, ConfigureSession);
        services.AddAuthorization(o =>
        {
            o.AddPolicy(RouteAccess.AnyKeyPolicy, p => p.RequireAuthenticatedUser());
            foreach (var role in FleetRoles.All)
                o.AddPolicy(role.Name(), p => p.RequireAuthenticatedUser().RequireAssertion(context =>
                    context.User.IsInRole(role.Name()) || TraineeClaims.AdmitsTrainee(context.User, context.Resource)));
            o.DefaultPolicy = o.GetPolicy(RouteAccess.AnyKeyPolicy)!;
            // A route missing from the table is admin-only until someone declares it.
            o.FallbackPolicy = o.GetPolicy(FleetRole.Admin.Name());
        });
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessDeniedWriter>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryGuard.HeaderName;
            o.Cookie.Name = AntiforgeryGuard.CookieName;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>The security middleware, in order; static files (the sign-in page itself) sit between.</summary>
    public static WebApplication UseFleetSecurity(this WebApplication app, Action<WebApplication> publicFiles)
    {
        app.UseMiddleware<RequestAudit>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<HostCheck>();
        app.UseMiddleware<OriginCheck>();
        publicFiles(app);
        app.UseAuthentication();
        app.UseMiddleware<TraineeScope>();
        app.UseRateLimiter(); // per key, so after authentication (Limits.KeyRateLimit)
        app.UseMiddleware<AntiforgeryGuard>();
        app.UseAuthorization();
        return app;
    }

    private static void ConfigureSession(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = SessionCookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = SessionIdleTimeout;
        o.SlidingExpiration = true;
        // A session lives only as long as its key: a revoked key ends every page signed in with it.
        o.Events.OnValidatePrincipal = async context =>
        {
            // A trainee's session lives as long as their seat: the exercise running or paused, the team in that world.
            if (context.Principal?.Seat() is { } seat)
            {
                var exercises = context.HttpContext.RequestServices.GetRequiredService<Fleet.Exercises.IExerciseControl>();
                if (await exercises.AdmitsAsync(seat, context.HttpContext.RequestAborted)) return;
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(FleetClaims.CookieScheme);
                return;
            }
            var verifier = context.HttpContext.RequestServices.GetRequiredService<ApiKeyVerifier>();
            if (context.Principal?.KeyId() is { } id && await verifier.IsActiveAsync(id, context.HttpContext.RequestAborted)) return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(FleetClaims.CookieScheme);
        };
        // An API answers 401/403 (AccessDeniedWriter), never a redirect to a login page.
        o.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
    }
}
