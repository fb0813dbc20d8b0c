using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Client;
using Fleet.Contracts;
using Fleet.Contracts.Answers;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Actions;

/// <summary>The contracts the CLI reads the API through are the names the real server answers with.</summary>
[Collection(HostCollection.Name)]
public sealed class ContractsTests(HostFixture host)
{
    [Fact]
    public void The_cli_reads_the_api_through_the_contracts_and_never_references_the_server()
    {
        var referenced = typeof(FleetCli).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("Fleet.Contracts", referenced);
        foreach (var server in new[] { "Fleet.Dashboard", "Fleet.Silo", "Fleet.Grains", "Fleet.Grains.Interfaces", "Fleet.Simulation" })
            Assert.DoesNotContain(server, referenced);
        Assert.DoesNotContain(typeof(ApiError).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Fleet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_field_of_the_model_and_fleet_answers_is_one_the_server_writes()
    {
        var id = Ev.NewId("contract");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "credit")))).StatusCode);
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(10, T0))));
        await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(new JsonObject { ["action"] = "force-level", ["level"] = 3, ["by"] = "ana", ["reason"] = "a transition" }));

        var model = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"))).AsObject();
        AssertWrites<ModelDetail>(model);
        AssertWrites<WindowMetrics>(model["windows"]!["1h"]!.AsObject());
        AssertWrites<LevelTransition>(model["lastTransition"]!.AsObject());
        var fleet = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/fleet?domain=credit"))).AsObject();
        AssertWrites<FleetOverview>(fleet);
        AssertWrites<FleetModelSummary>(fleet["models"]!.AsArray().First(m => m!["id"]!.GetValue<string>() == id)!.AsObject());

        var refused = await Api.ReadJsonAsync(await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(new JsonObject { ["action"] = "retrain", ["by"] = "ana" })));
        AssertWrites<ApiError>(refused.AsObject());
        Assert.Equal(new ApiError("reason: is required: why", "reason", "is required: why"), refused.Deserialize<ApiError>(FleetJsonConvention.Options));
    }

    /// <summary>Each property of the contract is a field of the server's answer, named by the one convention.</summary>
    private static void AssertWrites<T>(JsonObject answer)
    {
        var missing = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => FleetJsonConvention.Options.PropertyNamingPolicy!.ConvertName(p.Name))
            .Where(name => !answer.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"{typeof(T).Name}: the server does not write {string.Join(", ", missing)}");
    }
}
