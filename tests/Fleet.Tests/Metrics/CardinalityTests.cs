using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Metrics;

/// <summary>The per-model series are bounded: at most Fleet:Metrics:MaxModels models, the worst first; the counts cover all.</summary>
public sealed class CardinalityTests
{
    [Fact]
    public async Task Only_the_worst_models_up_to_the_cap_are_exported_one_by_one()
    {
        await using var host = await MetricsHost.StartAsync("--Fleet:Metrics:MaxModels=2");
        foreach (var id in new[] { "cap-a", "cap-b", "cap-c" })
            Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        var force = new JsonObject { ["action"] = "force-level", ["level"] = 4, ["by"] = "ana", ["reason"] = "test" };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Http.PostAsync("/api/models/cap-c/actions", Api.Body(force))).StatusCode);

        var samples = await host.ScrapeAsync();

        // Worst level first, then by id: cap-c (level 4), then cap-a.
        Assert.Equal(["cap-a", "cap-c"], samples.Where(s => s.Name == "fleet_model_level").Select(s => s["model"]!).Order().ToArray());
        Assert.Equal(4, samples.Value("fleet_model_level", ("model", "cap-c")));
        Assert.Equal(2, samples.Value("fleet_models_exported"));
        Assert.Equal(3, samples.Where(s => s.Name == "fleet_models").Sum(s => s.Value));
        Assert.DoesNotContain(samples, s => s["model"] == "cap-b");

        // cap-b falls to level 5 and takes cap-a's place: cap-a's series go, not frozen at their last values.
        force["level"] = 5;
        Assert.Equal(HttpStatusCode.Accepted, (await host.Http.PostAsync("/api/models/cap-b/actions", Api.Body(force))).StatusCode);
        var later = await host.ScrapeAsync();
        Assert.Equal(["cap-b", "cap-c"], later.Where(s => s.Name == "fleet_model_level").Select(s => s["model"]!).Order().ToArray());
        Assert.DoesNotContain(later, s => s["model"] == "cap-a");
    }
}
