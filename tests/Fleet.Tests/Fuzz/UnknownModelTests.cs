using System.Net;
using Fleet.Tests.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Fuzz;

/// <summary>Requests for ids no one registered are answered from the registry: 404 with the body, and no model grain activated.</summary>
[Collection(HardenedHostCollection.Name)]
public sealed class UnknownModelTests(HardenedHost host)
{
    private async Task<int> ModelActivationsAsync()
    {
        var management = host.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        return (await management.GetActiveGrains(GrainType.Create("model"))).Count;
    }

    [Fact]
    public async Task Reads_actions_and_batches_for_unknown_ids_activate_no_model_grain()
    {
        var before = await ModelActivationsAsync();
        Assert.True(before >= 1, "the registered model's grain is not counted: the count cannot tell an activation");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20; i++)
        {
            var id = $"ghost-{i}-{Guid.NewGuid():N}";
            using var get = await host.Http.GetAsync($"/api/models/{id}");
            using var series = await host.Http.GetAsync($"/api/models/{id}/series");
            using var timeline = await host.Http.GetAsync($"/api/models/{id}/timeline");
            using var action = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body("""{"action":"retrain","by":"ana","reason":"r"}"""));
            using var events = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(now, Api.Predictions(1, now.AddSeconds(-1)))));
            foreach (var answer in new[] { get, series, timeline, action, events })
            {
                Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
                Assert.Equal("id", (await HardenedHost.ErrorBodyAsync(answer)).Field);
            }
        }
        Assert.Equal(before, await ModelActivationsAsync());

        // A registered model is still found at once.
        using var known = await host.Http.GetAsync($"/api/models/{HardenedHost.Model}");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }
}
