using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Simulation;

namespace Fleet.Tests.Safety;

/// <summary>The runs API reads scenarios from its folder or from the request, never from a path on the host.</summary>
[Collection(HostCollection.Name)]
public sealed class ScenarioNameTests(HostFixture host)
{
    private async Task<(HttpStatusCode Status, string Body)> StartAsync(string scenario)
    {
        var answer = await host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = scenario, ["speed"] = 0 }));
        var body = await answer.Content.ReadAsStringAsync();
        if (answer.StatusCode == HttpStatusCode.Created)
            await host.Http.PostAsync($"/api/runs/{JsonNode.Parse(body)!["id"]!.GetValue<string>()}/stop", null);
        return (answer.StatusCode, body);
    }

    private static void AssertRefusedNamingScenario((HttpStatusCode Status, string Body) answer, params string[] mustNotShow)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal("scenario", JsonNode.Parse(answer.Body)!["field"]!.GetValue<string>());
        foreach (var secret in mustNotShow) Assert.DoesNotContain(secret, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_scenario_file_elsewhere_on_the_host_is_not_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fleet-outside-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, DeterminismTests.Yaml);
        try
        {
            AssertRefusedNamingScenario(await StartAsync(path), path);
            AssertRefusedNamingScenario(await StartAsync(path[..^".yaml".Length]), path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_host_file_is_neither_read_nor_shown_in_the_refusal()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fleet-secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "db_password: hunter2-top-secret\nfleet: [");
        try
        {
            AssertRefusedNamingScenario(await StartAsync(path), path, "hunter2", "db_password");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("../scenarios/demo")]
    [InlineData("scenarios/demo")]
    [InlineData("..\\scenarios\\demo")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:demo")]
    public async Task A_name_with_a_path_in_it_is_refused_even_when_it_ends_in_a_real_scenario(string name)
    {
        AssertRefusedNamingScenario(await StartAsync(name), "/etc", "root:");
    }

    [Fact]
    public async Task An_unknown_name_is_refused_and_a_folder_name_starts_a_run()
    {
        AssertRefusedNamingScenario(await StartAsync("no-such-scenario"));
        Assert.Equal(HttpStatusCode.Created, (await StartAsync("demo")).Status);
        Assert.Equal(HttpStatusCode.Created, (await StartAsync("demo.yaml")).Status);
    }
}
