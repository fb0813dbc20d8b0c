using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Limits;

/// <summary>Request limits, error bodies and the rate limit, wired into the host.</summary>
public static class LimitsSetup
{
    public static IServiceCollection AddFleetLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestLimits>(configuration.GetSection("Fleet:Limits"));
        // Kestrel's own default is 30 MB; routes that need more (event ingestion) say so with RequestSizeLimit.
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(provider => new ConfigureOptions<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBodySize = provider.GetRequiredService<IOptions<RequestLimits>>().Value.MaxBodyBytes));
        services.AddKeyRateLimit();
        return services;
    }
}
