using System.Net;
using System.Text.Json.Nodes;
using Fleet.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Safety;

/// <summary>An admin resets a model's monitoring or deletes the model, over real HTTP on the real host and SQLite.</summary>
[Collection(HostCollection.Name)]
public sealed class ModelAdminTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    /// <summary>A model whose 150 slow predictions (900 ms against a 200 ms P95) put it on level 3 with a firing page.</summary>
    private async Task<string> DegradedModelAsync()
    {
        var id = Ev.NewId("admin");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "admin-" + id)))).StatusCode);
        var answer = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(150, T0, latencyMs: 900))));
        Assert.Equal(3, (await Api.ReadJsonAsync(answer))["level"]!.GetValue<int>());
        Assert.NotEmpty(await OpenAlertsAsync(id));
        return id;
    }

    private async Task<List<JsonNode>> OpenAlertsAsync(string id) =>
        (await Api.ReadJsonAsync(await Http.GetAsync($"/api/alerts?model={id}"))).AsArray()
            .Where(a => a!["state"]!.GetValue<string>() is "firing" or "pending").Select(a => a!).ToList();

    private async Task<bool> ListedAsync(string id) =>
        (await Api.ReadJsonAsync(await Http.GetAsync("/api/fleet")))["models"]!.AsArray().Any(m => m!["id"]!.GetValue<string>() == id);

    [Fact]
    public async Task Reset_keeps_the_definition_and_empties_windows_level_history_pending_predictions_and_alerts()
    {
        var id = await DegradedModelAsync();
        var waiting = Api.Prediction(T0, "p-waiting");
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [waiting])))).StatusCode);

        var reset = await Http.PostAsync($"/api/models/{id}/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var model = await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}"));
        Assert.Equal("Home page recommendations", model["name"]!.GetValue<string>());
        Assert.Equal(1, model["level"]!.GetValue<int>());
        Assert.Empty(model["history"]!.AsArray());
        Assert.Equal(0, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
        Assert.Empty(await OpenAlertsAsync(id));
        // The waiting prediction is gone: its id may be sent again.
        var again = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, [Api.Prediction(T0, "p-waiting")])));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(await ListedAsync(id));
    }

    [Fact]
    public async Task Delete_forgets_the_model_its_line_and_its_alerts_and_a_new_registration_starts_fresh()
    {
        var id = await DegradedModelAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/models/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/models/{id}")).StatusCode);
        Assert.False(await ListedAsync(id));
        Assert.Empty(await OpenAlertsAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(1, T0))))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/models/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "admin-" + id)))).StatusCode);
        var fresh = await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}"));
        Assert.Equal(1, fresh["level"]!.GetValue<int>());
        Assert.Empty(fresh["history"]!.AsArray());
        Assert.Equal(0, fresh["windows"]!["1h"]!["volume"]!.GetValue<long>());
        Assert.Equal(0, fresh["counters"]!["batches"]!.GetValue<long>());
        var batch = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(2, T0))));
        Assert.Equal(2, (await Api.ReadJsonAsync(batch))["predictions"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_cli_resets_and_deletes_through_the_same_endpoints()
    {
        var id = await DegradedModelAsync();
        async Task<int> CliAsync(params string[] args) =>
            await FleetCli.RunAsync([.. args, "--server", host.Host.BaseAddress.ToString(), "--key", TestKeys.Admin], new StringWriter(), new StringWriter(), CliEnvironment.None);

        Assert.Equal(0, await CliAsync("model", "reset", id));
        Assert.Equal(1, (await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}")))["level"]!.GetValue<int>());
        Assert.Equal(0, await CliAsync("model", "delete", id));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/models/{id}")).StatusCode);
        Assert.Equal(1, await CliAsync("model", "delete", id));
        Assert.Equal(1, await CliAsync("model", id)); // viewing still works (and finds nothing)
    }

    [Fact]
    public async Task Reset_and_delete_are_for_admins_only()
    {
        var id = await DegradedModelAsync();
        var (_, operate) = await KeyApi.CreateAsync(Http, "ops-" + id, "operate", "facilitate", "view", "ingest");
        using var operator_ = KeyApi.Client(host.Host.BaseAddress, operate);

        Assert.Equal(HttpStatusCode.Forbidden, (await operator_.DeleteAsync($"/api/models/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operator_.PostAsync($"/api/models/{id}/reset", null)).StatusCode);
        Assert.Equal(3, (await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}")))["level"]!.GetValue<int>());
    }
}
