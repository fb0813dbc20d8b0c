using System.Net;
using System.Text.Json.Nodes;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>GET /api/fleet and GET /api/models/{id} over real HTTP.</summary>
[Collection(HostCollection.Name)]
public sealed class ApiFleetTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    /// <summary>Registers a model in <paramref name="domain"/>; slow ones get 100 predictions at 400 ms (P95 limit 200 ms over 5m, N >= 100).</summary>
    private async Task<string> RegisterAsync(string domain, bool slow = false, string? owner = "ana@example.com")
    {
        var id = Ev.NewId("api-fleet");
        var registration = Api.Registration(domain: domain, owner: owner);
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(registration))).StatusCode);
        var batch = Api.Batch(T0, Api.Predictions(100, T0, latencyMs: slow ? 400 : 40));
        var response = await Http.PostAsync($"/api/models/{id}/events", Api.Body(batch));
        Assert.Equal(slow ? 3 : 1, (await Api.ReadJsonAsync(response))["level"]!.GetValue<int>());
        return id;
    }

    private async Task<JsonNode> FleetAsync(string query = "")
    {
        var response = await Http.GetAsync("/api/fleet" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private static string[] Ids(JsonNode fleet) => fleet["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Fleet_lists_models_worst_first_with_filters_and_counts_per_level()
    {
        var before = await FleetAsync();
        var domain = Ev.NewId("dom");
        var healthy = await RegisterAsync(domain);
        var slow = await RegisterAsync(domain, slow: true);
        var ownerless = await RegisterAsync(domain, owner: null);

        var all = await FleetAsync($"?domain={domain}");
        var levelOneById = new[] { healthy, ownerless }.Order(StringComparer.Ordinal); // ties are ordered by id
        Assert.Equal(new[] { slow }.Concat(levelOneById).ToArray(), Ids(all));
        var line = all["models"]![0]!;
        Assert.Equal((3, "rules-based fallback", domain), (line["level"]!.GetValue<int>(), line["levelName"]!.GetValue<string>(), line["domain"]!.GetValue<string>()));
        Assert.Equal(["latency-p95"], line["breaches"]!.AsArray().Select(b => b!.GetValue<string>()).ToArray());

        Assert.Equal([slow], Ids(await FleetAsync($"?domain={domain}&level=3")));
        Assert.Equal([slow], Ids(await FleetAsync($"?domain={domain}&breached=latency-p95")));
        Assert.Equal([ownerless], Ids(await FleetAsync($"?domain={domain}&gap=no-owner")));
        Assert.Empty(Ids(await FleetAsync($"?domain={domain}&level=5")));

        int Count(JsonNode fleet, int level) => fleet["countsByLevel"]![level.ToString()]!.GetValue<int>();
        Assert.Equal(new[] { 2, 0, 1, 0, 0 }, Enumerable.Range(1, 5).Select(l => Count(all, l) - Count(before, l)).ToArray());
        Assert.Equal(before["total"]!.GetValue<int>() + 3, all["total"]!.GetValue<int>());
        Assert.Equal(1, all["countsByGap"]!["no-owner"]!.GetValue<int>() - before["countsByGap"]!["no-owner"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fleet_refuses_a_level_outside_one_to_five()
    {
        var response = await Http.GetAsync("/api/fleet?level=9");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("level", (await Api.ReadJsonAsync(response))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_model_is_answered_404_naming_the_id()
    {
        var response = await Http.GetAsync($"/api/models/{Ev.NewId("nobody")}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("id", (await Api.ReadJsonAsync(response))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_model_answers_its_windows_baseline_and_breaches()
    {
        var id = Ev.NewId("api-model");
        await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()));
        // 100 predictions at 400 ms, 78 of them found relevant: relevance 78 % against the 12 % baseline = 6.5x.
        var predictions = Api.Predictions(100, T0, latencyMs: 400).ToList();
        var outcomes = predictions.Select((p, i) => new JsonObject
        {
            ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = p["predictionId"]!.GetValue<string>(), ["label"] = i < 78 ? 1 : 0,
        });
        await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), predictions, outcomes)));

        var response = await Http.GetAsync($"/api/models/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = await Api.ReadJsonAsync(response);
        Assert.Equal((3, "rules-based fallback"), (model["level"]!.GetValue<int>(), model["levelName"]!.GetValue<string>()));
        Assert.Equal(["5m", "1h", "24h", "30d"], model["windows"]!.AsObject().Select(kv => kv.Key).ToArray());
        foreach (var name in new[] { "5m", "1h", "24h", "30d" })
        {
            var w = model["windows"]![name]!;
            Assert.Equal((100L, 100L), (w["volume"]!.GetValue<long>(), w["outcomes"]!.GetValue<long>()));
            Assert.Equal(0.78, w["quality"]!.GetValue<double>(), 1e-12);
            Assert.Equal(400, w["latencyP95"]!.GetValue<double>(), 4.0); // sketch: 1 % of 400 ms
            Assert.Equal((0.0, 0.0, 0.0, 1.0), (w["errorRate"]!.GetValue<double>(), w["timeoutRate"]!.GetValue<double>(), w["fallbackRate"]!.GetValue<double>(), w["coverage"]!.GetValue<double>()));
        }
        var baseline = model["baseline"]!;
        Assert.Equal("relevance 78% vs 12% baseline = 6.5x", baseline["summary"]!.GetValue<string>());
        Assert.Equal(6.5, baseline["ratio"]!.GetValue<double>(), 1e-9);
        Assert.Equal(("30d", "launch"), (baseline["window"]!.GetValue<string>(), baseline["maturity"]!.GetValue<string>()));
        var breach = Assert.Single(model["breaches"]!.AsArray())!;
        Assert.Equal(("latency-p95", "5m", 200.0, 3), (breach["threshold"]!.GetValue<string>(), breach["window"]!.GetValue<string>(), breach["limit"]!.GetValue<double>(), breach["severity"]!.GetValue<int>()));
        var last = model["lastTransition"]!;
        Assert.Equal((1, 3, T0.AddMinutes(1)), (last["from"]!.GetValue<int>(), last["to"]!.GetValue<int>(), last["at"]!.GetValue<DateTimeOffset>()));
        Assert.StartsWith("breached: latency P95", last["reason"]!.GetValue<string>());
        Assert.Single(model["history"]!.AsArray());
        Assert.Equal(100, model["counters"]!["predictions"]!.GetValue<long>());
    }
}
