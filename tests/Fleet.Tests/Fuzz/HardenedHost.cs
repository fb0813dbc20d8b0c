using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Fuzz;

/// <summary>
/// One real Fleet host for the hostile-input tests: no demo (so the live world holds still) and a rate limit
/// high enough that the fuzz suite measures refusals of input, not of volume (RateLimitTests has its own host).
/// </summary>
public sealed class HardenedHost : IAsyncLifetime
{
    public const string Model = "fz-a";

    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public HttpClient Http => Host.Http;

    public async Task InitializeAsync()
    {
        _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false", "--Fleet:Limits:RequestsPerSecond=1000000", "--Fleet:Limits:Burst=1000000"]);
        using var registered = await Http.PutAsync($"/api/models/{Model}", Api.Body(Api.Registration()));
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var now = DateTimeOffset.UtcNow;
        using var ingested = await Http.PostAsync($"/api/models/{Model}/events", Api.Body(Api.Batch(now, Api.Predictions(5, now.AddSeconds(-5)))));
        Assert.Equal(HttpStatusCode.OK, ingested.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>The {error, field, reason} body of a 4xx, or a message saying what is wrong with it.</summary>
    public static async Task<(string? Field, string? Problem)> ErrorBodyAsync(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        try
        {
            if (JsonNode.Parse(text) is not JsonObject body) return (null, "the body is not a JSON object: " + Cut(text));
            var field = body["field"] is JsonValue f && f.TryGetValue<string>(out var fv) ? fv : null;
            var reason = body["reason"] is JsonValue r && r.TryGetValue<string>(out var rv) ? rv : null;
            var error = body["error"] is JsonValue e && e.TryGetValue<string>(out var ev) ? ev : null;
            return string.IsNullOrEmpty(field) || string.IsNullOrEmpty(reason) || string.IsNullOrEmpty(error)
                ? (field, "the body lacks a non-empty error, field or reason: " + Cut(text))
                : (field, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, "the body is not JSON: " + Cut(text));
        }
    }

    public static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "...";
}

[CollectionDefinition(Name)]
public sealed class HardenedHostCollection : ICollectionFixture<HardenedHost>
{
    public const string Name = "Fleet host under hostile input";
}
