using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Client;

/// <summary>Models registered and fed over the real API for the CLI tests; each test uses a domain of its own.</summary>
internal static class CliFleet
{
    public static string NewDomain() => "cli-" + Guid.NewGuid().ToString("N")[..8];

    public static async Task RegisterAsync(HostFixture host, string id, string domain, string? owner = "ana@example.com")
    {
        var registration = Api.Registration(domain: domain, owner: owner);
        var answer = await host.Http.PutAsync($"/api/models/{Uri.EscapeDataString(id)}", Api.Body(registration));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    /// <summary>150 predictions at 900 ms against a 200 ms P95 limit: the model falls to level 3 (rules-based fallback).</summary>
    public static async Task DegradeAsync(HostFixture host, string id)
    {
        var answer = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(150, T0, latencyMs: 900))));
        Assert.Equal(3, (await Api.ReadJsonAsync(answer))["level"]!.GetValue<int>());
    }

    public static async Task<JsonNode> GetAsync(HostFixture host, string path)
    {
        var answer = await host.Http.GetAsync(path);
        return (await Api.ReadJsonAsync(answer))!;
    }
}
