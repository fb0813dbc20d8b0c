using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Client;

/// <summary>`fleet model` against the real API: the header, windows, breaches, transition and gaps the server reports.</summary>
[Collection(HostCollection.Name)]
public sealed class ModelCommandTests(HostFixture host)
{
    [Fact]
    public async Task Shows_the_servers_header_windows_breaches_last_transition_and_gaps()
    {
        var domain = CliFleet.NewDomain();
        var id = $"{domain}-slow";
        await CliFleet.RegisterAsync(host, id, domain, owner: null);
        await CliFleet.DegradeAsync(host, id);

        var result = await CliRunner.AgainstAsync(host, "model", id);

        Assert.Equal(0, result.ExitCode);
        var model = await CliFleet.GetAsync(host, $"/api/models/{id}");
        var output = result.Output;
        var lines = output.Split('\n');
        Assert.Contains($"{model["name"]!.GetValue<string>()} ({id})", output);
        Assert.Contains($"{model["level"]!.GetValue<int>()} {model["levelName"]!.GetValue<string>()}", output);
        Assert.Contains(model["version"]!.GetValue<string>(), output);

        var fiveMinutes = Cells(lines.Single(l => Cells(l) is ["5m", ..]));
        Assert.Equal("5m", fiveMinutes[0]);
        Assert.Equal(model["windows"]!["5m"]!["volume"]!.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture), fiveMinutes[1]);

        var breach = model["breaches"]!.AsArray().First()!;
        Assert.Contains($"[{breach["window"]!.GetValue<string>()}] {breach["threshold"]!.GetValue<string>()}: {breach["message"]!.GetValue<string>()}", output);
        var last = model["lastTransition"]!;
        Assert.Contains($"-> {last["to"]!.GetValue<int>()} ", output);
        Assert.Contains(last["reason"]!.GetValue<string>(), output);
        var gaps = string.Join(", ", model["gaps"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Contains("no-owner", gaps);
        Assert.Contains($"Gaps: {gaps}", output);
    }

    [Fact]
    public async Task A_model_without_events_shows_no_breaches_and_no_transition()
    {
        var domain = CliFleet.NewDomain();
        await CliFleet.RegisterAsync(host, $"{domain}-new", domain);

        var result = await CliRunner.AgainstAsync(host, "model", $"{domain}-new");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Breaches: none", result.Output);
        Assert.Contains("Last transition: none", result.Output);
    }

    [Fact]
    public async Task An_unknown_model_prints_the_servers_message_and_exits_1()
    {
        var ghost = $"ghost-{Guid.NewGuid():N}";
        var served = await CliFleet.GetAsync(host, $"/api/models/{ghost}");

        var result = await CliRunner.AgainstAsync(host, "model", ghost);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {served["error"]!.GetValue<string>()} (field: {served["field"]!.GetValue<string>()}, HTTP 404)", result.Error.Trim());
    }

    [Fact]
    public async Task Json_prints_what_the_server_answers()
    {
        var domain = CliFleet.NewDomain();
        await CliFleet.RegisterAsync(host, $"{domain}-json", domain);

        var result = await CliRunner.AgainstAsync(host, "model", $"{domain}-json", "--json");

        var served = await CliFleet.GetAsync(host, $"/api/models/{domain}-json");
        Assert.True(JsonNode.DeepEquals(served, JsonNode.Parse(result.Output)), result.Output);
    }

    [Fact]
    public async Task A_model_id_is_one_path_segment_however_it_is_spelled()
    {
        // Unescaped, "a b/c" would be two segments and miss the route; escaped, the server looks the id up whole.
        var result = await CliRunner.AgainstAsync(host, "model", "a b/c");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 404", result.Error);
        Assert.Contains("field: id", result.Error);
    }

    // Splits a rendered table row into its cell texts, dropping the box-drawing borders.
    private static string[] Cells(string row) =>
        row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.Length > 0)
            .ToArray();
}
