using System.Net;
using System.Text.Json.Nodes;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>POST /api/models/{id}/events over real HTTP: acceptance, duplicates, and every refusal naming its field.</summary>
[Collection(HostCollection.Name)]
public sealed class ApiEventsTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    private async Task<string> RegisteredAsync()
    {
        var id = Ev.NewId("api-ev");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        return id;
    }

    private Task<HttpResponseMessage> PostAsync(string id, JsonNode body) => Http.PostAsync($"/api/models/{id}/events", Api.Body(body));

    private Task<HttpResponseMessage> PostAsync(string id, string body) => Http.PostAsync($"/api/models/{id}/events", Api.Body(body));

    private async Task<string> ModelJsonAsync(string id) => await (await Http.GetAsync($"/api/models/{id}")).Content.ReadAsStringAsync();

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await Api.ReadJsonAsync(response);
        Assert.Equal(field, error["field"]!.GetValue<string>());
        Assert.Contains(reason, error["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_is_accepted_and_its_resend_is_answered_duplicate()
    {
        var id = await RegisteredAsync();
        var predictions = Api.Predictions(3, T0).ToList();
        var outcome = new JsonObject { ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = predictions[0]["predictionId"]!.GetValue<string>(), ["label"] = 1 };
        var batch = Api.Batch(T0.AddMinutes(1), predictions, [outcome, new JsonObject { ["timestamp"] = Api.Iso(T0), ["predictionId"] = "nobody", ["label"] = 0 }]);

        var first = await PostAsync(id, batch.DeepClone());
        var second = await PostAsync(id, batch.DeepClone());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var accepted = await Api.ReadJsonAsync(first);
        Assert.Equal((false, 3, 2, 1, 1),
            (accepted["duplicate"]!.GetValue<bool>(), accepted["predictions"]!.GetValue<int>(), accepted["outcomes"]!.GetValue<int>(),
             accepted["unmatchedOutcomes"]!.GetValue<int>(), accepted["level"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await Api.ReadJsonAsync(second))["duplicate"]!.GetValue<bool>());
        var model = JsonNode.Parse(await ModelJsonAsync(id))!;
        Assert.Equal(3, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
        Assert.Equal(1, model["counters"]!["duplicateBatches"]!.GetValue<long>());
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        // JSON that does not parse: the field is where the reader stopped (inside predictions[0], after latencyMs).
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 12,,}]}""", "predictions[0]", "is not valid JSON" },
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 12""", "predictions[0].latencyMs", "is not valid JSON" },
        // NaN is not a JSON number, bare or quoted.
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": NaN}]}""", "predictions[0].latencyMs", "is not valid JSON" },
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": "NaN"}]}""", "predictions[0].latencyMs", "has the wrong type" },
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 1, "score": "NaN"}]}""", "predictions[0].score", "has the wrong type" },
        { """{"batchId": "b", "predictions": [{"timestamp": "yesterday", "predictionId": "p", "latencyMs": 1}]}""", "predictions[0].timestamp", "has the wrong type" },
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 1, "colour": "red"}]}""", "predictions[0].colour", "is not a known field" },
        // Missing fields.
        { """{"predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 1}]}""", "batchId", "is required" },
        { """{"batchId": "b", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p"}]}""", "predictions[0].latencyMs", "is required" },
        { """{"batchId": "b", "predictions": [{"predictionId": "p", "latencyMs": 1}]}""", "predictions[0].timestamp", "is required" },
        { """{"batchId": "b", "outcomes": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p"}]}""", "outcomes[0].label", "is required" },
        { """{"batchId": "b", "predictions": [], "outcomes": []}""", "predictions", "the batch holds no prediction and no outcome" },
        // Values the model refuses.
        { """{"batchId": "b", "sentAt": "2026-11-22T10:00:00Z", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": -0.5}]}""", "predictions[0].latencyMs", "must be a finite number >= 0" },
        { """{"batchId": "b", "sentAt": "2026-11-22T10:00:00Z", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 1, "servedLevel": 7}]}""", "predictions[0].servedLevel", "from 1 to 5" },
        { """{"batchId": "b", "sentAt": "2026-11-22T10:00:00Z", "predictions": [{"timestamp": "2026-11-22T10:00:00Z", "predictionId": "p", "latencyMs": 1, "features": {"age": [1]}}]}""", "predictions[0].features.age", "must be a number, a string, a boolean or null" },
        { """{"batchId": "b", "sentAt": "2026-11-22T10:00:00Z", "predictions": [{"timestamp": "2026-11-22T10:05:01Z", "predictionId": "p", "latencyMs": 1}]}""", "predictions[0].timestamp", "more than 5 minutes after the sender's clock" },
        { """{"batchId": "b", "sentAt": "2026-11-22T10:00:00Z", "predictions": [{"timestamp": "2026-10-23T09:59:59Z", "predictionId": "p", "latencyMs": 1}]}""", "predictions[0].timestamp", "older than the longest window" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_bad_batch_is_refused_with_400_naming_the_field_and_changes_nothing(string json, string field, string reason)
    {
        var id = await RegisteredAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(id, Api.Batch(T0, Api.Predictions(5, T0)))).StatusCode);
        var before = await ModelJsonAsync(id);

        var response = await PostAsync(id, json);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, field, reason);
        Assert.Equal(before, await ModelJsonAsync(id));
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_among_good_ones_changes_nothing()
    {
        var id = await RegisteredAsync();
        await PostAsync(id, Api.Batch(T0, Api.Predictions(5, T0)));
        var before = await ModelJsonAsync(id);
        var predictions = Api.Predictions(50, T0.AddMinutes(2)).ToList();
        predictions[37]["latencyMs"] = -3;

        var response = await PostAsync(id, Api.Batch(T0.AddMinutes(2), predictions));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "predictions[37].latencyMs", "must be a finite number >= 0 (got -3)");
        Assert.Equal(before, await ModelJsonAsync(id));
    }

    [Fact]
    public async Task Events_older_than_thirty_days_behind_the_model_clock_are_refused()
    {
        var id = await RegisteredAsync();
        await PostAsync(id, Api.Batch(T0, Api.Predictions(1, T0))); // the model's clock is now T0

        // The sender's clock lags by 20 days; its event is 30 days and a second behind the model.
        var response = await PostAsync(id, Api.Batch(T0.AddDays(-20), [Api.Prediction(T0.AddDays(-30).AddSeconds(-1), "old")]));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, "predictions[0].timestamp", "older than the longest window");
    }

    [Fact]
    public async Task Without_sentAt_the_API_clock_judges_how_far_in_the_future_an_event_is()
    {
        var id = await RegisteredAsync();
        var now = DateTimeOffset.UtcNow;
        JsonObject Unstamped(DateTimeOffset at) => new()
        {
            ["batchId"] = Ev.NewId("b"),
            ["predictions"] = new JsonArray(Api.Prediction(at, Ev.NewId())),
        };

        var future = await PostAsync(id, Unstamped(now.AddMinutes(15)));
        var present = await PostAsync(id, Unstamped(now));

        await AssertRefusedAsync(future, HttpStatusCode.BadRequest, "predictions[0].timestamp", "more than 5 minutes after the sender's clock");
        Assert.Equal(HttpStatusCode.OK, present.StatusCode);
    }

    [Fact]
    public async Task Events_for_an_unknown_model_are_answered_404()
    {
        var id = Ev.NewId("api-unknown");

        var response = await PostAsync(id, Api.Batch(T0, Api.Predictions(2, T0)));

        await AssertRefusedAsync(response, HttpStatusCode.NotFound, "id", "is not registered");
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_batch_of_more_than_10000_events_is_answered_413_and_changes_nothing()
    {
        var id = await RegisteredAsync();
        var before = await ModelJsonAsync(id);
        var predictions = Enumerable.Range(0, 10_001).Select(i => new JsonObject
        {
            ["timestamp"] = Api.Iso(T0), ["predictionId"] = $"big-{i}", ["latencyMs"] = 5, ["score"] = 0.5,
        });

        var response = await PostAsync(id, Api.Batch(T0, predictions));

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "predictions", "the batch holds 10001 events; at most 10000");
        Assert.Equal(before, await ModelJsonAsync(id));
    }
}
