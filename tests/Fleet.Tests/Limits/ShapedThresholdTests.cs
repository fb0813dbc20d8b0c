using System.Net;
using System.Text.Json.Nodes;
using Fleet.Catalogue;
using Fleet.Dashboard.Api;
using Fleet.Models;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Limits;

/// <summary>
/// The quality targets and the hysteresis are declared once (<see cref="ThresholdCatalogue.Quality"/>,
/// <see cref="ThresholdCatalogue.Hysteresis"/>): the request, the answer, the catalogue and the CLI use their declared fields.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ShapedThresholdTests(HostFixture host)
{
    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IEnumerable<(string Field, IReadOnlyList<(string Name, ShapedFieldKind Kind)> Fields)> Declared() =>
    [
        (ThresholdCatalogue.Quality.Field, [.. ThresholdCatalogue.Quality.Fields.Select(f => (f.Name, f.Kind))]),
        (ThresholdCatalogue.Hysteresis.Field, [.. ThresholdCatalogue.Hysteresis.Fields.Select(f => (f.Name, f.Kind))]),
    ];

    [Fact]
    public void The_requests_read_exactly_the_declared_fields()
    {
        Assert.Equal(ThresholdCatalogue.Quality.Fields.Select(f => f.Name), typeof(QualityTargetsRequest).GetProperties().Select(p => Camel(p.Name)));
        Assert.Equal(ThresholdCatalogue.Hysteresis.Fields.Select(f => f.Name), typeof(HysteresisRequest).GetProperties().Select(p => Camel(p.Name)));
    }

    [Fact]
    public async Task The_answer_shows_each_declared_field_with_the_domain_s_default()
    {
        var response = await host.Http.PutAsync($"/api/models/{Ev.NewId("shaped")}", Api.Body("""{"domain": "spam"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thresholds = (await Api.ReadJsonAsync(response))["thresholds"]!;
        foreach (var (field, fields) in Declared())
            Assert.Equal(fields.Select(f => f.Name), thresholds[field]!.AsObject().Select(p => p.Key));
        // spam (shared/domain.md): accuracy 99.0/99.5/99.8 % over 24h once 5,000 labels are joined; a 10-minute hold, 10 % margin.
        var quality = thresholds["quality"]!;
        Assert.Equal((0.990, 0.995, 0.998, "24h", 5_000L), (quality["launch"]!.GetValue<double>(), quality["target"]!.GetValue<double>(),
            quality["stretch"]!.GetValue<double>(), quality["window"]!.GetValue<string>(), quality["minSamples"]!.GetValue<long>()));
        Assert.Equal(("10m", 0.10), (thresholds["hysteresis"]!["recoveryHold"]!.GetValue<string>(), thresholds["hysteresis"]!["margin"]!.GetValue<double>()));
    }

    [Fact]
    public async Task Each_declared_field_given_the_wrong_type_is_refused_naming_it()
    {
        foreach (var (field, fields) in Declared())
        {
            foreach (var (name, kind) in fields)
            {
                JsonNode wrong = kind is ShapedFieldKind.Window or ShapedFieldKind.Duration ? JsonValue.Create(5) : JsonValue.Create("x");
                var body = new JsonObject
                {
                    ["domain"] = "spam", ["thresholds"] = new JsonObject { [field] = new JsonObject { [name] = wrong } },
                }.ToJsonString();

                var response = await host.Http.PutAsync($"/api/models/{Ev.NewId("shaped")}", Api.Body(body));

                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var error = await Api.ReadJsonAsync(response);
                Assert.Equal($"thresholds.{field}.{name}", error["field"]!.GetValue<string>());
                Assert.StartsWith("has the wrong type", error["reason"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task The_catalogue_and_fleet_rules_list_the_declared_fields_with_each_domain_s_defaults()
    {
        var response = await host.Http.GetAsync("/api/catalogue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shaped = (await Api.ReadJsonAsync(response))["shaped"]!.AsArray();

        Assert.Equal(Declared().Select(d => d.Field), shaped.Select(s => s!["field"]!.GetValue<string>()));
        foreach (var (entry, (_, fields)) in shaped.Zip(Declared()))
            Assert.Equal(fields.Select(f => f.Name), entry!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        var quality = shaped[0]!["defaults"]!;
        Assert.Equal(("30d", "10000", "0.7"), (quality["recommendations"]!["window"]!.GetValue<string>(),
            quality["recommendations"]!["minSamples"]!.GetValue<string>(), quality["recommendations"]!["launch"]!.GetValue<string>()));
        Assert.Equal("5000", quality["spam"]!["minSamples"]!.GetValue<string>());
        Assert.Equal("10m", shaped[1]!["defaults"]!["other"]!["recoveryHold"]!.GetValue<string>());

        var cli = await CliRunner.AgainstAsync(host, "rules", "--domain", "spam");
        Assert.Equal((0, ""), (cli.ExitCode, cli.Error));
        foreach (var (field, fields) in Declared())
        {
            foreach (var (name, _) in fields) Assert.Contains($"{field}.{name}", cli.Output);
        }
        Assert.Contains(cli.Output.Split('\n'), line => line.Contains("quality.minSamples") && line.Contains("5000"));
    }

    [Fact]
    public void A_domain_s_default_quality_and_hysteresis_are_the_declarations_defaults_for_its_profile()
    {
        foreach (var domain in DomainDefaults.KnownDomains.Append("unknown"))
        {
            var profile = DomainDefaults.For(domain);
            var thresholds = DomainDefaults.ThresholdsFor(domain);
            Assert.Equal(ThresholdCatalogue.Quality.Default(profile, profile.Metric), thresholds.Quality);
            Assert.Equal(ThresholdCatalogue.Hysteresis.Default(profile, profile.Metric), thresholds.Hysteresis);
        }
        // A model measured by another metric than its domain's: the generic curve, over the domain's window and labels.
        Assert.Equal(new QualityTargets(0.70, 0.80, 0.85, WindowSpan.ThirtyDays, 10_000),
            DomainDefaults.ThresholdsFor("recommendations", QualityMetricKind.Accuracy).Quality);
    }
}
