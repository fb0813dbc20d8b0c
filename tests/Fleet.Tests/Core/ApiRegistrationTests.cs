using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Fleet.Tests.Core;

/// <summary>GET /healthz and PUT /api/models/{id} over real HTTP against the real host.</summary>
[Collection(HostCollection.Name)]
public sealed class ApiRegistrationTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    [Fact]
    public async Task Healthz_answers_ok()
    {
        var response = await Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await Api.ReadJsonAsync(response))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_registers_a_model_and_answers_its_snapshot()
    {
        var id = Ev.NewId("api-reg");

        var response = await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Api.ReadJsonAsync(response);
        Assert.Equal(id, body["id"]!.GetValue<string>());
        Assert.Equal(1, body["level"]!.GetValue<int>());
        Assert.Equal("relevance", body["qualityMetric"]!.GetValue<string>());
        Assert.Equal(0.70, body["thresholds"]!["quality"]!["launch"]!.GetValue<double>());
        Assert.Equal("30d", body["thresholds"]!["quality"]!["window"]!.GetValue<string>());
        Assert.Equal(200, body["thresholds"]!["latencyP95Ms"]!["value"]!.GetValue<double>());
        Assert.Empty(body["gaps"]!.AsArray());
        Assert.Equal(body.ToJsonString(), (await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}"))).ToJsonString());
    }

    [Fact]
    public async Task Put_with_only_a_domain_gets_the_domain_defaults_and_the_governance_gaps()
    {
        var id = Ev.NewId("api-min");

        var body = await Api.ReadJsonAsync(await Http.PutAsync($"/api/models/{id}", Api.Body("""{"domain": "spam"}""")));

        Assert.Equal("accuracy", body["qualityMetric"]!.GetValue<string>());
        Assert.Equal(0.990, body["thresholds"]!["quality"]!["launch"]!.GetValue<double>());
        Assert.Equal(["no-owner", "no-thresholds", "no-retraining-schedule"], body["gaps"]!.AsArray().Select(g => g!.GetValue<string>()).ToArray());
    }

    public static TheoryData<string, string, string> BadRegistrations => new()
    {
        { """{"name": "no domain"}""", "domain", "is required" },
        { """{"domain": "spam", "thresholds": {"quality": {"window": "7d"}}}""", "thresholds.quality.window", "must be one of 5m, 1h, 24h, 30d" },
        { """{"domain": "spam", "thresholds": {"latencyP95Ms": {"value": 100, "window": "2h"}}}""", "thresholds.latencyP95Ms.window", "must be one of 5m, 1h, 24h, 30d" },
        { """{"domain": "spam", "thresholds": {"quality": {"launch": 0.9, "target": 0.8, "stretch": 0.95}}}""", "thresholds.quality", "launch <= target <= stretch must hold" },
        { """{"domain": "spam", "colour": "red"}""", "colour", "is not a known field" },
        { """{"domain": "spam", "baseline": "high"}""", "baseline", "has the wrong type" },
        { """{"domain": "spam", "owner": 42}""", "owner", "has the wrong type" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Put_refuses_a_bad_registration_naming_the_field_and_changes_nothing(string json, string field, string reason)
    {
        var id = Ev.NewId("api-bad");
        await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()));
        var before = await (await Http.GetAsync($"/api/models/{id}")).Content.ReadAsStringAsync();

        var response = await Http.PutAsync($"/api/models/{id}", Api.Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Api.ReadJsonAsync(response);
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.StartsWith(reason, error["reason"]!.GetValue<string>());
        Assert.Equal($"{field}: {error["reason"]!.GetValue<string>()}", error["error"]!.GetValue<string>());
        Assert.Equal(before, await (await Http.GetAsync($"/api/models/{id}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_first_registration_registers_nothing()
    {
        var id = Ev.NewId("api-none");

        var put = await Http.PutAsync($"/api/models/{id}", Api.Body("""{"domain": "spam", "thresholds": {"errorRate": {"value": 2}}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("thresholds.errorRate.value", (await Api.ReadJsonAsync(put))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/models/{id}")).StatusCode);
    }
}
