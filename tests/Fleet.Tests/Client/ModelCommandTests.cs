using Xunit;

namespace Fleet.Tests.Client;

public class ModelCommandTests
{
    private const string Detail = """
        {"id":"recs-home","name":"Home recommendations","domain":"recommendations","owner":"ana","team":"discovery",
         "version":"2.3.1","rolloutStage":"canary","qualityMetric":"relevance","level":3,"levelName":"Rules-based fallback",
         "watermark":"2025-03-01T12:00:00Z",
         "windows":{
           "5m":{"volume":1200,"outcomes":300,"quality":0.61,"latencyP50":40,"latencyP95":260.5,"latencyP99":480,"errorRate":0.012,"timeoutRate":0.003,"fallbackRate":0.25,"coverage":0.97},
           "1h":{"volume":14000,"outcomes":3500,"quality":0.7,"latencyP50":38,"latencyP95":190,"latencyP99":300,"errorRate":0.004,"timeoutRate":0.001,"fallbackRate":0.05,"coverage":0.98},
           "24h":{"volume":null,"outcomes":null,"quality":null,"latencyP50":null,"latencyP95":null,"latencyP99":null,"errorRate":null,"timeoutRate":null,"fallbackRate":null,"coverage":null},
           "30d":{"volume":2000000,"outcomes":500000,"quality":0.78,"latencyP50":35,"latencyP95":180,"latencyP99":290,"errorRate":0.002,"timeoutRate":0.0005,"fallbackRate":0.01,"coverage":0.99}},
         "baseline":{"metric":"relevance","quality":0.78,"baseline":0.12,"ratio":6.5,"summary":"relevance 78% vs 12% editorial baseline: 6.5x better"},
         "breaches":[{"threshold":"latencyP95","window":"5m","value":260.5,"limit":200,"message":"P95 latency 260.5 ms > 200 ms"}],
         "lastTransition":{"from":2,"to":3,"at":"2025-03-01T11:58:00Z","reason":"P95 latency breached for 5 minutes"},
         "history":[{"from":1,"to":2,"at":"2025-03-01T11:40:00Z","reason":"quality below target"},{"from":2,"to":3,"at":"2025-03-01T11:58:00Z","reason":"P95 latency breached for 5 minutes"}],
         "gaps":["retraining-overdue"]}
        """;

    [Fact]
    public async Task Shows_header_windows_baseline_breaches_transition_and_gaps()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Detail));

        var result = await CliRunner.RunAsync("model", "recs-home", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/api/models/recs-home", Assert.Single(server.Requests).Path);
        var output = result.Output;
        var lines = output.Split('\n');
        Assert.Contains("Home recommendations (recs-home)", output);
        foreach (var field in new[] { "recommendations", "ana", "discovery", "2.3.1", "canary", "3 Rules-based fallback" })
            Assert.Contains(field, output);

        var fiveMinutes = Cells(lines.Single(l => l.Contains(" 5m ")));
        Assert.Equal(["5m", "1,200", "300", "0.610", "40", "260.5", "480", "1.20%", "0.30%", "25.00%", "97.00%"], fiveMinutes);
        var day = Cells(lines.Single(l => l.Contains(" 24h ")));
        Assert.Equal(["24h", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"], day);
        Assert.True(Array.FindIndex(lines, l => l.Contains(" 1h ")) < Array.FindIndex(lines, l => l.Contains(" 30d ")));

        Assert.Contains("Baseline: relevance 78% vs 12% editorial baseline: 6.5x better", output);
        Assert.Contains("[5m] latencyP95: P95 latency 260.5 ms > 200 ms", output);
        Assert.Contains("Last transition: 2 Reduced AI -> 3 Rules-based fallback at 2025-03-01 11:58:00Z: P95 latency breached for 5 minutes", output);
        Assert.Contains("Gaps: retraining-overdue", output);
    }

    [Fact]
    public async Task A_model_without_data_shows_dashes_and_nones()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200,
            """{"id":"new","name":"New model","level":1,"levelName":"Full AI","windows":{},"baseline":null,"breaches":[],"lastTransition":null,"history":[],"gaps":["no-owner","no-thresholds"]}"""));

        var result = await CliRunner.RunAsync("model", "new", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["30d", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"], Cells(result.Output.Split('\n').Single(l => l.Contains(" 30d "))));
        Assert.Contains("Baseline: none registered", result.Output);
        Assert.Contains("Breaches: none", result.Output);
        Assert.Contains("Last transition: none", result.Output);
        Assert.Contains("Gaps: no-owner, no-thresholds", result.Output);
    }

    [Fact]
    public async Task An_unknown_model_prints_the_servers_message_and_exits_1()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (404, """{"error":"no model 'ghost'","field":"id"}"""));

        var result = await CliRunner.RunAsync("model", "ghost", "--server", server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: no model 'ghost' (field: id, HTTP 404)", result.Error.Trim());
    }

    [Fact]
    public async Task Json_prints_the_servers_body_unchanged()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Detail));

        var result = await CliRunner.RunAsync("model", "recs-home", "--json", "--server", server.Url);

        Assert.Equal(Detail, result.Output.TrimEnd());
    }

    [Fact]
    public async Task Model_ids_are_escaped_in_the_path()
    {
        await using var server = await FakeFleetServer.StartAsync(_ => (200, Detail));

        await CliRunner.RunAsync("model", "a b/c", "--server", server.Url);

        Assert.Equal("/api/models/a%20b%2Fc", Assert.Single(server.Requests).RawTarget);
    }

    // Splits a rendered table row into its cell texts, dropping the box-drawing borders.
    private static string[] Cells(string row) =>
        row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.Length > 0)
            .ToArray();
}
