using Xunit;

namespace Fleet.Tests.Client;

public class ModelsCommandTests
{
    private const string Overview = """
        {"models":[
          {"id":"recs-home","name":"Home recommendations","domain":"recommendations","owner":"ana","team":"discovery","level":1,"levelName":"Full AI","qualityMetric":"relevance","quality":0.78,"breaches":[],"gaps":[]},
          {"id":"fraud-card","name":"Card fraud","domain":"fraud","owner":null,"team":"risk","level":4,"levelName":"Generic fallback","qualityMetric":"precision","quality":null,"breaches":["latencyP95","errorRate"],"gaps":["no-owner"]},
          {"id":"churn","name":"Churn predictor","domain":"churn","owner":"bo","team":"growth","level":4,"levelName":"Generic fallback","qualityMetric":"auc","quality":0.61,"breaches":["quality"],"gaps":["retraining-overdue"]}
        ],
        "countsByLevel":{"1":1,"2":0,"3":0,"4":2,"5":0},"total":3}
        """;

    [Fact]
    public async Task Lists_models_worst_level_first_then_by_id_with_counts_per_level()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Overview));

        var result = await CliRunner.RunAsync("models", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var rows = result.Output.Split('\n');
        int RowOf(string id) => Array.FindIndex(rows, r => r.Contains(id));
        Assert.True(RowOf("churn") < RowOf("fraud-card"), "same level sorts by id");
        Assert.True(RowOf("fraud-card") < RowOf("recs-home"), "worst level comes first");

        var fraud = rows[RowOf("fraud-card")];
        Assert.Contains("4 Generic fallback", fraud);
        Assert.Contains("latencyP95, errorRate", fraud);
        Assert.Contains("no-owner", fraud);
        Assert.Contains("0.780 relevance", rows[RowOf("recs-home")]);
        Assert.Contains("Levels: L1 1  L2 0  L3 0  L4 2  L5 0  (total 3)", result.Output);
    }

    [Fact]
    public async Task Sends_only_the_filters_given()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Overview));

        await CliRunner.RunAsync("models", "--server", server.Url, "--domain", "fraud detection", "--level", "4", "--gap", "no-owner");

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/fleet", request.Path);
        Assert.Equal("?domain=fraud%20detection&level=4&gap=no-owner", request.Query);
    }

    [Fact]
    public async Task Json_prints_the_servers_body_unchanged()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Overview));

        var result = await CliRunner.RunAsync("models", "--json", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Overview, result.Output.TrimEnd());
    }

    [Fact]
    public async Task An_empty_fleet_says_so()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, """{"models":[],"countsByLevel":{},"total":0}"""));

        var result = await CliRunner.RunAsync("models", "--server", server.Url);

        Assert.Contains("No models match.", result.Output);
        Assert.Contains("(total 0)", result.Output);
    }

    [Fact]
    public async Task A_level_outside_the_ladder_is_a_usage_error_and_nothing_is_sent()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Overview));

        var result = await CliRunner.RunAsync("models", "--level", "6", "--server", server.Url);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--level must be between 1", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_unreachable_server_gives_one_line_with_the_url_and_exit_code_1()
    {
        var url = $"http://127.0.0.1:{FreePort()}";

        var result = await CliRunner.RunAsync("models", "--server", url);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: cannot reach Fleet server at {url}/: ", line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("models", "--colour", "red");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Error);
    }

    private static int FreePort()
    {
        // Bind and release: nothing listens on the port afterwards, so connecting is refused.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
