using System.Net;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Client;

/// <summary>`fleet register` against the real API: the file is the registration the server takes.</summary>
[Collection(HostCollection.Name)]
public sealed class RegisterCommandTests(HostFixture host) : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private string RegistrationFile(string? id, Action<System.Text.Json.Nodes.JsonObject>? change = null)
    {
        var registration = Api.Registration(domain: CliFleet.NewDomain());
        if (id is not null) registration["id"] = id;
        change?.Invoke(registration);
        return _files.Write($"{Guid.NewGuid():N}.json", registration.ToJsonString());
    }

    [Fact]
    public async Task Registers_the_model_named_in_the_file()
    {
        var id = $"cli-reg-{Guid.NewGuid():N}"[..20];

        var result = await CliRunner.AgainstAsync(host, "register", RegistrationFile(id));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Registered model {id}", result.Output);
        var model = await CliFleet.GetAsync(host, $"/api/models/{id}");
        Assert.Equal("Home page recommendations", model["name"]!.GetValue<string>());
        Assert.Equal(200, model["thresholds"]!["latencyP95Ms"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task The_id_option_overrides_the_files_id()
    {
        var inFile = $"cli-file-{Guid.NewGuid():N}"[..20];
        var chosen = $"cli-opt-{Guid.NewGuid():N}"[..20];

        var result = await CliRunner.AgainstAsync(host, "register", RegistrationFile(inFile), "--id", chosen);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/api/models/{chosen}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/models/{inFile}")).StatusCode);
    }

    [Fact]
    public async Task A_file_without_id_and_no_option_is_a_usage_error()
    {
        var result = await CliRunner.AgainstAsync(host, "register", RegistrationFile(id: null));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no model id", result.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_refused_before_sending()
    {
        var file = _files.Write("broken.json", """{"id": "x",""");

        var result = await CliRunner.AgainstAsync(host, "register", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.json is not valid JSON", result.Error);
    }

    [Fact]
    public async Task The_servers_refusal_is_shown_with_its_field_and_nothing_is_registered()
    {
        var id = $"cli-bad-{Guid.NewGuid():N}"[..20];
        var file = RegistrationFile(id, r => r["thresholds"]!["latencyP95Ms"]!["value"] = -1);

        var result = await CliRunner.AgainstAsync(host, "register", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: thresholds.latencyP95Ms.value: ", result.Error.Trim());
        Assert.EndsWith("(field: thresholds.latencyP95Ms.value, HTTP 400)", result.Error.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/models/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("register", Path.Combine(_files.Path, "nope.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Error);
    }
}
