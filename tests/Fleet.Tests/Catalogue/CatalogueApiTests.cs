using System.Net;
using System.Text.Json.Nodes;
using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Catalogue;

/// <summary>GET /api/catalogue and `fleet rules` over real HTTP: they show the declarations the monitors run.</summary>
[Collection(HostCollection.Name)]
public sealed class CatalogueApiTests(HostFixture host)
{
    private async Task<JsonNode> Catalogue()
    {
        var response = await host.Http.GetAsync("/api/catalogue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }

    private static List<string> Names(JsonNode node, string list, string field = "name") =>
        [.. node[list]!.AsArray().Select(x => x![field]!.GetValue<string>())];

    [Fact]
    public async Task The_catalogue_lists_the_levels_readings_thresholds_and_rules_the_monitors_run()
    {
        var catalogue = await Catalogue();

        Assert.Equal(Enum.GetValues<DegradationLevel>().Select(l => $"{(int)l} {l.Describe()}"),
            catalogue["levels"]!.AsArray().Select(l => $"{l!["level"]!.GetValue<int>()} {l["name"]!.GetValue<string>()}"));
        Assert.Equal(Readings.All.Select(r => r.Name), Names(catalogue, "readings"));
        Assert.Equal(["quality-below-baseline", "quality-below-launch", .. ThresholdCatalogue.Limits.Select(l => l.Name)], Names(catalogue, "thresholds"));
        Assert.Equal(DefaultAlertRules.Set.Thresholds.Select(r => r.Name), Names(catalogue, "alertRules"));
        Assert.Equal(DefaultAlertRules.Set.BurnRates.SelectMany(b => b.Windows.Select(b.AlertName)),
            catalogue["burnRateRules"]!.AsArray().SelectMany(b => b!["windows"]!.AsArray().Select(w => w!["alert"]!.GetValue<string>())));

        var errorRule = catalogue["alertRules"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "error-rate")!;
        Assert.Equal(("errorRate@5m", ">", 0.01, "5m", "10m", "warning"), (errorRule["reading"]!.GetValue<string>(), errorRule["comparison"]!.GetValue<string>(),
            errorRule["threshold"]!.GetValue<double>(), errorRule["for"]!.GetValue<string>(), errorRule["keepFiringFor"]!.GetValue<string>(),
            errorRule["severity"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Each_threshold_shows_each_domain_s_default_and_off_where_the_domain_has_none()
    {
        var thresholds = (await Catalogue())["thresholds"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>());

        var latency = thresholds["latency-p95"]!;
        Assert.Equal(("latencyP95Ms", "latencyP95", ">", 3), (latency["field"]!.GetValue<string>(), latency["reading"]!.GetValue<string>(),
            latency["comparison"]!.GetValue<string>(), latency["level"]!.GetValue<int>()));
        foreach (var domain in DomainDefaults.KnownDomains)
        {
            var expected = DomainDefaults.ThresholdsFor(domain).Required(ThresholdCatalogue.LatencyP95);
            var shown = latency["defaults"]![domain]!;
            Assert.Equal((expected.Value, expected.Window.Name(), expected.MinSamples),
                (shown["value"]!.GetValue<double>(), shown["window"]!.GetValue<string>(), shown["minSamples"]!.GetValue<long>()));
        }
        Assert.Null(thresholds["diversity"]!["defaults"]!["fraud"]);
        Assert.Equal(0.30, thresholds["diversity"]!["defaults"]!["recommendations"]!["value"]!.GetValue<double>());
        Assert.Null(thresholds["fairness-gap"]!["defaults"]!["forecasting"]);
        Assert.Equal(">=", thresholds["error-state"]!["comparison"]!.GetValue<string>());
        Assert.Equal("<", thresholds["coverage"]!["comparison"]!.GetValue<string>());
        Assert.Equal(0.12, thresholds["quality-below-baseline"]!["defaults"]!["recommendations"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task Fleet_rules_shows_the_server_s_catalogue_as_tables_and_as_its_raw_json()
    {
        var table = await CliRunner.AgainstAsync(host, "rules", "--domain", "spam");
        Assert.Equal((0, ""), (table.ExitCode, table.Error));
        foreach (var rule in DefaultAlertRules.Set.Thresholds) Assert.Contains(rule.Name, table.Output);
        Assert.Contains("errorRate@5m > 0.01", table.Output);
        Assert.Contains("availability-burn[1h/5m]", table.Output);
        // Spam's own latency limit (100 ms), not the generic one.
        Assert.Contains(table.Output.Split('\n'), line => line.Contains("latency-p95") && System.Text.RegularExpressions.Regex.IsMatch(line, @"> 100\b"));

        var json = await CliRunner.AgainstAsync(host, "rules", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal((await Catalogue()).ToJsonString(), JsonNode.Parse(json.Output)!.ToJsonString());

        var unknown = await CliRunner.AgainstAsync(host, "rules", "--domain", "no-such-domain");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--domain", unknown.Error);
    }
}
