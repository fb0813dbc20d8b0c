using System.Globalization;
using System.Threading.RateLimiting;
using Fleet.Dashboard.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Limits;

/// <summary>
/// A token bucket per key (ASP.NET Core's rate limiter, partitioned by the authenticated key's id; requests
/// without a key share one bucket per client address). Over the limit: 429 with Retry-After and the error body.
/// </summary>
public static class KeyRateLimit
{
    public static IServiceCollection AddKeyRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimits>>().Value;
                var partition = context.User.KeyId() is { } id ? "key:" + id : "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limits.Burst),
                    TokensPerPeriod = Math.Max(1, limits.RequestsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) =>
            {
                var limits = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<RequestLimits>>().Value;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(AccessDeniedWriter.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "key",
                    $"more than {limits.RequestsPerSecond} requests per second (bursts of {limits.Burst}) with this key; retry after {seconds} s"));
            };
        });
        return services;
    }
}
