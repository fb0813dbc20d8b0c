using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>The owner's readings and the rollout verdict over real HTTP, and every new field refused with its name.</summary>
[Collection(HostCollection.Name)]
public sealed class OwnerApiTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    private async Task<string> RegisteredAsync(JsonObject? candidate = null, double? cost = null)
    {
        var id = Ev.NewId("owner");
        var registration = Api.Registration();
        if (candidate is not null) registration["candidate"] = candidate;
        if (cost is not null) registration["costPerPrediction"] = cost;
        var response = await Http.PutAsync($"/api/models/{id}", Api.Body(registration));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    private static JsonObject Outcome(JsonObject prediction, double label, bool? clicked = null, double? value = null, string? feedback = null) => new()
    {
        ["timestamp"] = Api.Iso(T0.AddMinutes(1)),
        ["predictionId"] = prediction["predictionId"]!.GetValue<string>(),
        ["label"] = label,
        ["clicked"] = clicked,
        ["value"] = value,
        ["feedback"] = feedback,
    };

    private async Task PostAsync(string id, IEnumerable<JsonObject> predictions, IEnumerable<JsonObject> outcomes)
    {
        var response = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), predictions, outcomes)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readings_and_the_rollout_verdict_are_served_for_a_model_with_a_holdout_and_a_candidate()
    {
        var id = await RegisteredAsync(new JsonObject { ["version"] = "3.3.0", ["stage"] = "10%" }, cost: 0.01);
        var current = Api.Predictions(300, T0).ToList();
        var candidate = Api.Predictions(300, T0).Select(p => { p["version"] = "3.3.0"; return p; }).ToList();
        var holdout = Api.Predictions(100, T0).Select(p => { p["holdout"] = true; return p; }).ToList();
        // The registered version: all relevant, 30 clicks, 10 worth 2.0. The candidate: 60 of 300 not relevant.
        // The holdout: 5 worth 1.0.
        var outcomes = current.Select((p, i) => Outcome(p, 1, clicked: i < 30, value: i < 10 ? 2.0 : 0))
            .Concat(candidate.Select((p, i) => Outcome(p, i < 60 ? 0 : 1, clicked: i < 30)))
            .Concat(holdout.Select((p, i) => Outcome(p, 1, value: i < 5 ? 1.0 : 0)));
        await PostAsync(id, [.. current, .. candidate, .. holdout], outcomes);

        var model = await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}"));
        Assert.Equal(300, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
        var day = model["ownerReadings"]!.AsArray().Single(r => r!["window"]!.GetValue<string>() == "24h")!;
        Assert.Equal(0.1, day["engagementRate"]!.GetValue<double>(), 12);            // 30 / 300
        Assert.Equal(1000 * 20 / 300.0, day["valuePer1000"]!.GetValue<double>(), 9);  // 10 x 2.0 per 300
        Assert.Equal(50.0, day["holdoutValuePer1000"]!.GetValue<double>(), 9);         // 5 x 1.0 per 100
        Assert.Equal(1000 * 20 / 300.0 - 50, day["upliftPer1000"]!.GetValue<double>(), 9);
        Assert.Equal((20 / 300.0 - 0.05 - 0.01) / 0.01, day["returnOnCost"]!.GetValue<double>(), 9);
        Assert.Equal("3.3.0", model["candidate"]!["version"]!.GetValue<string>());

        var rollout = await Http.GetAsync($"/api/models/{id}/rollout");
        Assert.Equal(HttpStatusCode.OK, rollout.StatusCode);
        var report = await Api.ReadJsonAsync(rollout);
        Assert.Equal("roll back", report["verdict"]!.GetValue<string>());
        Assert.Equal("10%", report["stage"]!.GetValue<string>());
        var quality = report["overall"]!.AsArray().Single(l => l!["dimension"]!.GetValue<string>() == "quality")!;
        Assert.Equal("worse", quality["finding"]!.GetValue<string>());
        Assert.Equal(300, quality["candidateSamples"]!.GetValue<long>());
    }

    [Fact]
    public async Task Hostile_values_are_refused_or_compared_without_a_server_error()
    {
        var id = await RegisteredAsync(new JsonObject { ["version"] = "3.3.0", ["stage"] = "25%" });
        var prediction = Api.Prediction(T0, Ev.NewId());
        var huge = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [prediction], [Outcome(prediction, 1, value: 1e300)])));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal("outcomes[0].value", (await Api.ReadJsonAsync(huge))["field"]!.GetValue<string>());

        // Latencies near double's limit overflow their sum: the comparison leaves latency out instead of failing.
        var slow = Api.Predictions(250, T0, latencyMs: 1.7e308).Select(p => { p["version"] = "3.3.0"; return p; }).ToList();
        await PostAsync(id, [.. Api.Predictions(250, T0), .. slow], []);
        var rollout = await Http.GetAsync($"/api/models/{id}/rollout");
        Assert.Equal(HttpStatusCode.OK, rollout.StatusCode);
        var latency = (await Api.ReadJsonAsync(rollout))["overall"]!.AsArray().Single(l => l!["dimension"]!.GetValue<string>() == "latency")!;
        Assert.Equal("no significant difference", latency["finding"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_model_without_a_candidate_has_no_rollout_to_report()
    {
        var id = await RegisteredAsync();
        var response = await Http.GetAsync($"/api/models/{id}/rollout");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("candidate", (await Api.ReadJsonAsync(response))["field"]!.GetValue<string>());
    }

    public static TheoryData<string, object, string> BadRegistrations => new()
    {
        { "costPerPrediction", -1.0, "costPerPrediction" },
        { "candidate", new JsonObject { ["version"] = "4.0", ["stage"] = "100%" }, "candidate.stage" },
        { "candidate", new JsonObject { ["version"] = "3.2.0" }, "candidate.version" },
        { "candidate", new JsonObject { ["stage"] = "5%" }, "candidate.version" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task A_bad_cost_or_candidate_is_refused_naming_its_field(string property, object value, string field)
    {
        var registration = Api.Registration();
        registration[property] = value is JsonObject node ? node : JsonValue.Create((double)value);
        var response = await Http.PutAsync($"/api/models/{Ev.NewId("owner")}", Api.Body(registration));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await Api.ReadJsonAsync(response))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_feedback_and_an_undeclared_version_are_refused_naming_their_fields()
    {
        var id = await RegisteredAsync();
        var prediction = Api.Prediction(T0, Ev.NewId());
        var feedback = await Http.PostAsync($"/api/models/{id}/events",
            Api.Body(Api.Batch(T0, [prediction], [Outcome(prediction, 1, feedback: "meh")])));
        Assert.Equal(HttpStatusCode.BadRequest, feedback.StatusCode);
        var error = await Api.ReadJsonAsync(feedback);
        Assert.Equal(("outcomes[0].feedback", "must be up, down or not-for-me"), (error["field"]!.GetValue<string>(), error["reason"]!.GetValue<string>()));

        var versioned = Api.Prediction(T0, Ev.NewId());
        versioned["version"] = "9.9";
        var version = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [versioned])));
        Assert.Equal(HttpStatusCode.BadRequest, version.StatusCode);
        Assert.Equal("predictions[0].version", (await Api.ReadJsonAsync(version))["field"]!.GetValue<string>());
    }
}
