using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Safety;

/// <summary>
/// The rule: every prediction reserves its id until its outcome comes (or it leaves the pending ring), scored or not.
/// A second prediction with a waiting id is refused, so no outcome is judged against another prediction's score.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PredictionIdTests(HostFixture host)
{
    [Fact]
    public async Task A_prediction_without_a_score_reserves_its_id_and_its_outcome_matches_without_judging_quality()
    {
        var id = Ev.NewId("pid");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        var unscored = Api.Prediction(T0, "p-1", score: null);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [unscored])))).StatusCode);

        var reuse = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [Api.Prediction(T0, "p-1", score: 0.9)])));

        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("predictions[0].predictionId", (await Api.ReadJsonAsync(reuse))["field"]!.GetValue<string>());

        var outcome = new JsonObject { ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = "p-1", ["label"] = 1 };
        var answered = await Api.ReadJsonAsync(await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), [], [outcome]))));
        Assert.Equal(0, answered["unmatchedOutcomes"]!.GetValue<int>());
        var model = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));
        Assert.Null(model["windows"]!["1h"]!["quality"]);
        // Answered, the id is free again.
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), [Api.Prediction(T0.AddMinutes(1), "p-1")])))).StatusCode);
    }
}
