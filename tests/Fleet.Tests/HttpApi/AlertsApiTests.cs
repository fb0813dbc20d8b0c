using System.Net;
using System.Text.Json.Nodes;
using Fleet.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.HttpApi;

/// <summary>Alerts and incidents over real HTTP and through the fleet CLI: a degraded model pages, an ack sticks.</summary>
[Collection(HostCollection.Name)]
public sealed class AlertsApiTests(HostFixture host)
{
    private async Task<string> DegradedModelAsync(string domain = "fraud")
    {
        var id = Ev.NewId("alert");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: domain)))).StatusCode);
        var answer = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(150, T0, latencyMs: 900))));
        Assert.Equal(3, (await Api.ReadJsonAsync(answer))["level"]!.GetValue<int>());
        return id;
    }

    private async Task<(int Code, string Out)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await FleetCli.RunAsync([.. args, "--server", host.Host.BaseAddress.ToString(), "--key", TestKeys.Admin], output, new StringWriter(), CliEnvironment.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task A_model_falling_to_rules_fallback_fires_a_page_that_the_cli_lists_and_acknowledges()
    {
        var id = await DegradedModelAsync();

        var alerts = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray();
        var degraded = Assert.Single(alerts, a => a!["rule"]!.GetValue<string>() == "model-degraded");
        Assert.Equal("page", degraded!["severity"]!.GetValue<string>());
        var incident = degraded["incidentId"]!.GetValue<string>();

        var (code, listed) = await CliAsync("alerts", "--model", id, "--state", "firing");
        Assert.Equal(0, code);
        Assert.Contains("model-degraded", listed);

        Assert.Equal(0, (await CliAsync("ack", incident, "--by", "dana")).Code);
        var incidents = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/incidents"))).AsArray();
        var acknowledged = Assert.Single(incidents, i => i!["id"]!.GetValue<string>() == incident);
        Assert.Equal("dana", acknowledged!["acknowledgedBy"]!.GetValue<string>());
        Assert.NotNull(acknowledged["milestones"]!["acknowledged"]);
    }

    [Fact]
    public async Task An_acknowledgement_and_a_mitigation_with_a_reason_are_journaled_on_the_incident_s_models()
    {
        var id = await DegradedModelAsync(domain: "journal-" + Guid.NewGuid().ToString("N")[..6]); // an incident of its own
        var alert = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray()
            .Single(a => a!["rule"]!.GetValue<string>() == "model-degraded")!;
        var incident = alert["incidentId"]!.GetValue<string>();

        var ack = await host.Http.PostAsync($"/api/incidents/{incident}/ack", Api.Body(new JsonObject { ["by"] = "dana", ["reason"] = "latency from the new index" }));
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        var mitigate = await host.Http.PostAsync($"/api/incidents/{incident}/mitigate", Api.Body(new JsonObject { ["by"] = "dana", ["reason"] = "rolled the index back" }));
        Assert.Equal(HttpStatusCode.NoContent, mitigate.StatusCode);

        var timeline = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/timeline"))).AsArray();
        Assert.Contains(timeline, e => e!["title"]!.GetValue<string>() == "acknowledge" && e["by"]!.GetValue<string>() == "dana"
            && e["detail"]!.GetValue<string>() == $"latency from the new index (incident {incident} acknowledged)");
        Assert.Contains(timeline, e => e!["title"]!.GetValue<string>() == "mitigate" && e["detail"]!.GetValue<string>().StartsWith("rolled the index back"));
        var book = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/incidents"))).AsArray().Single(i => i!["id"]!.GetValue<string>() == incident)!;
        Assert.Equal("dana", book["mitigatedBy"]!.GetValue<string>());

        // Without a reason nothing is journaled (the CLI's ack), and a misspelt field is still refused.
        var typo = await host.Http.PostAsync($"/api/incidents/{incident}/ack", Api.Body(new JsonObject { ["by"] = "dana", ["reasn"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
    }

    [Fact]
    public async Task The_cli_forces_a_fallback_through_the_same_endpoint_as_the_dashboard_and_releases_it()
    {
        var id = Ev.NewId("act");
        await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "credit")));
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(10, T0))));

        var (code, output) = await CliAsync("act", id, "force-level", "--level", "3", "--by", "dana", "--reason", "upstream outage");
        Assert.Equal(0, code);
        Assert.Contains("level 1 -> 3", output);
        Assert.Equal(3, (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}")))["level"]!.GetValue<int>());

        Assert.Equal(0, (await CliAsync("act", id, "release", "--by", "dana", "--reason", "outage over")).Code);
        Assert.Equal(1, (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}")))["level"]!.GetValue<int>());
        Assert.Equal(1, (await CliAsync("act", id, "force-level", "--by", "dana", "--reason", "no level")).Code);
    }

    [Fact]
    public async Task A_silence_needs_a_matcher_a_duration_a_name_and_a_reason()
    {
        var missing = await host.Http.PostAsync("/api/silences", Api.Body(new JsonObject { ["duration"] = "1h", ["by"] = "a", ["reason"] = "r" }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("rule", (await Api.ReadJsonAsync(missing))["field"]!.GetValue<string>());

        var bad = await host.Http.PostAsync("/api/silences", Api.Body(new JsonObject { ["domain"] = "fraud", ["duration"] = "soon", ["by"] = "a", ["reason"] = "r" }));
        Assert.Equal("duration", (await Api.ReadJsonAsync(bad))["field"]!.GetValue<string>());

        var ok = await host.Http.PostAsync("/api/silences", Api.Body(new JsonObject { ["domain"] = "fraud", ["duration"] = "1h", ["by"] = "dana", ["reason"] = "planned migration" }));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var silences = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/silences"))).AsArray();
        Assert.Contains(silences, s => s!["reason"]!.GetValue<string>() == "planned migration" && s["by"]!.GetValue<string>() == "dana");
    }

    [Fact]
    public async Task The_model_snapshot_carries_drift_under_its_common_names_once_a_reference_is_fitted()
    {
        var id = Ev.NewId("drift");
        await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "credit")));
        var before = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));
        Assert.Equal(0, before["drift"]!["referenceRows"]!.GetValue<int>());
        Assert.Equal(5000, before["drift"]!["referenceNeeded"]!.GetValue<int>());

        // 5,000 predictions fit the reference from their features; 1,000 more fill the current hour, two
        // minutes later (drift over the hour is recomputed once per minute of event time).
        for (var b = 0; b < 12; b++)
        {
            var at = T0.AddSeconds(b * 10 + (b < 10 ? 0 : 120));
            var predictions = Enumerable.Range(0, 500).Select(i =>
            {
                var p = Api.Prediction(at, $"{id}-{b}-{i}");
                p["features"] = new JsonObject { ["income"] = 1000 + (i % 50) * (b < 10 ? 10 : 40), ["region"] = i % 2 == 0 ? "eu" : "us" };
                return p;
            });
            Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at, predictions)))).StatusCode);
        }

        var drift = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}")))["drift"]!;
        Assert.Equal(5000, drift["referenceRows"]!.GetValue<int>());
        var income = drift["features"]!.AsArray().Single(f => f!["feature"]!.GetValue<string>() == "income")!;
        foreach (var name in new[] { "psi", "ks", "ks_p_value", "jensen_shannon", "wasserstein", "hellinger" })
            Assert.True(income["statistics"]![name] is not null, $"{name} missing in {income["statistics"]!.ToJsonString()}");
        Assert.True(income["drifted"]!.GetValue<bool>(), "income spread four times wider than its reference");
        // A 5,000-row reference: the distance decides, with the test beside it; both must breach.
        Assert.Equal(["wasserstein", "ks"], income["decidedBy"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(income["decidedByAny"]!.GetValue<bool>());
        var region = drift["features"]!.AsArray().Single(f => f!["feature"]!.GetValue<string>() == "region")!;
        Assert.NotNull(region["statistics"]!["chi_square"]);
        Assert.False(region["drifted"]!.GetValue<bool>());
        Assert.Equal(["jensen_shannon", "chi_square"], region["decidedBy"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
