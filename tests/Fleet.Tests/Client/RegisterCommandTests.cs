using Xunit;

namespace Fleet.Tests.Client;

public class RegisterCommandTests : IDisposable
{
    private const string Registration = """
        {
          "id": "recs-home",
          "name": "Home recommendations",
          "owner": "ana",
          "thresholds": { "relevance": { "launch": 0.70, "target": 0.80, "stretch": 0.85 } }
        }
        """;

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Puts_the_file_unchanged_to_the_id_in_the_file()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, """{"id":"recs-home"}"""));
        var file = _files.Write("recs.json", Registration);

        var result = await CliRunner.RunAsync("register", file, "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/models/recs-home", request.Path);
        Assert.Equal(Registration, request.Body);
        Assert.Contains("Registered model recs-home", result.Output);
    }

    [Fact]
    public async Task Id_option_overrides_the_files_id()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, "{}"));
        var file = _files.Write("recs.json", Registration);

        var result = await CliRunner.RunAsync("register", file, "--id", "recs-search", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/models/recs-search", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task A_file_without_id_and_no_option_is_a_usage_error()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, "{}"));
        var file = _files.Write("anon.json", """{"name":"anonymous"}""");

        var result = await CliRunner.RunAsync("register", file, "--server", server.Url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no model id", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_refused_before_sending()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, "{}"));
        var file = _files.Write("broken.json", """{"id": "x",""");

        var result = await CliRunner.RunAsync("register", file, "--server", server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.json is not valid JSON", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_servers_validation_message_is_shown()
    {
        await using var server = await FakeFleetServer.StartAsync(_ =>
            (400, """{"error":"thresholds.relevance.launch must be between 0 and 1","field":"thresholds.relevance.launch"}"""));
        var file = _files.Write("recs.json", Registration);

        var result = await CliRunner.RunAsync("register", file, "--server", server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "error: thresholds.relevance.launch must be between 0 and 1 (field: thresholds.relevance.launch, HTTP 400)",
            result.Error.Trim());
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("register", Path.Combine(_files.Path, "nope.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Error);
    }
}
