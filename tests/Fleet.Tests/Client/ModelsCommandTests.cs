using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Client;

/// <summary>`fleet models` against the real API: what the server lists is what the table shows.</summary>
[Collection(HostCollection.Name)]
public sealed class ModelsCommandTests(HostFixture host)
{
    [Fact]
    public async Task Lists_models_worst_level_first_then_by_id_with_the_servers_breaches_gaps_and_counts()
    {
        var domain = CliFleet.NewDomain();
        await CliFleet.RegisterAsync(host, $"{domain}-b", domain);
        await CliFleet.RegisterAsync(host, $"{domain}-a", domain, owner: null);
        await CliFleet.RegisterAsync(host, $"{domain}-c", domain);
        await CliFleet.DegradeAsync(host, $"{domain}-c");

        var result = await CliRunner.AgainstAsync(host, "models", "--domain", domain);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var rows = result.Output.Split('\n');
        int RowOf(string id) => Array.FindIndex(rows, r => r.Contains(id));
        Assert.True(RowOf($"{domain}-c") < RowOf($"{domain}-a"), "worst level comes first");
        Assert.True(RowOf($"{domain}-a") < RowOf($"{domain}-b"), "same level sorts by id");

        var fleet = await CliFleet.GetAsync(host, $"/api/fleet?domain={domain}");
        var lines = fleet["models"]!.AsArray().ToDictionary(m => m!["id"]!.GetValue<string>());
        var degraded = lines[$"{domain}-c"]!;
        Assert.Equal(3, degraded["level"]!.GetValue<int>());
        var breaches = degraded["breaches"]!.AsArray().Select(b => b!.GetValue<string>()).ToList();
        Assert.NotEmpty(breaches);
        Assert.Contains(string.Join(", ", breaches), rows[RowOf($"{domain}-c")]);
        var gaps = lines[$"{domain}-a"]!["gaps"]!.AsArray().Select(g => g!.GetValue<string>()).ToList();
        Assert.Contains("no-owner", gaps);
        Assert.Contains("no-owner", rows[RowOf($"{domain}-a")]);

        var counts = fleet["countsByLevel"]!.AsObject();
        int Count(int level) => counts[level.ToString(System.Globalization.CultureInfo.InvariantCulture)]?.GetValue<int>() ?? 0;
        Assert.Contains($"Levels: L1 {Count(1)}  L2 {Count(2)}  L3 {Count(3)}  L4 {Count(4)}  L5 {Count(5)}  (total {fleet["total"]!.GetValue<int>()})", result.Output);
    }

    [Fact]
    public async Task The_filters_reach_the_server_and_only_matching_models_are_listed()
    {
        var domain = CliFleet.NewDomain();
        await CliFleet.RegisterAsync(host, $"{domain}-healthy", domain);
        await CliFleet.RegisterAsync(host, $"{domain}-slow", domain);
        await CliFleet.DegradeAsync(host, $"{domain}-slow");

        var result = await CliRunner.AgainstAsync(host, "models", "--domain", domain, "--level", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{domain}-slow", result.Output);
        Assert.DoesNotContain($"{domain}-healthy", result.Output);
    }

    [Fact]
    public async Task Json_prints_what_the_server_answers()
    {
        var domain = CliFleet.NewDomain();
        await CliFleet.RegisterAsync(host, $"{domain}-1", domain);

        var result = await CliRunner.AgainstAsync(host, "models", "--json", "--domain", domain);

        Assert.Equal(0, result.ExitCode);
        var printed = JsonNode.Parse(result.Output)!;
        var served = await CliFleet.GetAsync(host, $"/api/fleet?domain={domain}");
        Assert.True(JsonNode.DeepEquals(served["models"], printed["models"]), result.Output);
    }

    [Fact]
    public async Task A_filter_matching_nothing_says_so()
    {
        var result = await CliRunner.AgainstAsync(host, "models", "--domain", CliFleet.NewDomain());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No models match.", result.Output);
    }

    [Fact]
    public async Task A_level_outside_the_ladder_is_a_usage_error()
    {
        var result = await CliRunner.AgainstAsync(host, "models", "--level", "6");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--level must be between 1", result.Error);
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
