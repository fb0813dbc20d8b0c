using System.Net;
using Fleet.Tests.Core;
using Fleet.Tests.Security;

namespace Fleet.Tests.Fuzz;

/// <summary>The rate limit per key, on a host configured with a small one (1 request per second, bursts of 3).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private FleetTestHost? _host;

    public async Task InitializeAsync() =>
        _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false", "--Fleet:Limits:RequestsPerSecond=1", "--Fleet:Limits:Burst=3"]);

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_key_over_its_burst_gets_429_with_retry_after_and_the_body_while_another_key_goes_on()
    {
        var host = _host!;
        var (_, viewerKey) = await KeyApi.CreateAsync(host.Http, "busy", "view"); // the admin key's first request
        using var viewer = KeyApi.Client(host.BaseAddress, viewerKey);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/fleet")).StatusCode);
        using var refused = await viewer.GetAsync("/api/fleet");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var (field, problem) = await HardenedHost.ErrorBodyAsync(refused);
        Assert.Null(problem);
        Assert.Equal("key", field);

        // The admin key has its own bucket (one of three tokens spent on creating the viewer).
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/api/fleet")).StatusCode);

        // The bucket refills at the configured rate.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/fleet")).StatusCode);
    }
}
