using System.Net;
using System.Text.Json.Nodes;
using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Limits;

/// <summary>
/// Walks every declared limit (<see cref="ThresholdCatalogue.Limits"/>) through registration, the answer, the catalogue
/// and the level evaluator, with no code per limit: a new declaration is covered here as soon as it is declared.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class LimitWalkTests(HostFixture host)
{
    // Recommendations: the one domain every optional limit (diversity among them) starts on for.
    private const string Domain = "recommendations";

    // A value each kind accepts and no domain defaults to; a volume floor high above any traffic below.
    private static double ValueFor(LimitDeclaration d) => d.Kind switch
    {
        LimitKind.Fraction => 0.2,
        LimitKind.Positive => 250,
        _ => 1_000_000,
    };

    private static Limit Registered(LimitDeclaration d) =>
        new(ValueFor(d), d.OnlyWindow?.Window ?? WindowSpan.OneDay, 10 + d.Index);

    private static string Request() =>
        new JsonObject
        {
            ["domain"] = Domain,
            ["thresholds"] = new JsonObject(ThresholdCatalogue.Limits.Select(d => KeyValuePair.Create(d.Field, (JsonNode?)new JsonObject
            {
                ["value"] = Registered(d).Value, ["window"] = Registered(d).Window.Name(), ["minSamples"] = Registered(d).MinSamples,
            }))),
        }.ToJsonString();

    [Fact]
    public async Task Every_limit_registers_by_its_field_and_the_answer_shows_it_there()
    {
        var response = await host.Http.PutAsync($"/api/models/{Ev.NewId("limit-walk")}", Api.Body(Request()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thresholds = (await Api.ReadJsonAsync(response))["thresholds"]!;
        foreach (var d in ThresholdCatalogue.Limits)
        {
            var shown = thresholds[d.Field]!;
            Assert.Equal((Registered(d).Value, Registered(d).Window.Name(), Registered(d).MinSamples),
                (shown["value"]!.GetValue<double>(), shown["window"]!.GetValue<string>(), shown["minSamples"]!.GetValue<long>()));
        }
    }

    [Fact]
    public async Task Every_limit_refuses_a_negative_value_naming_its_field()
    {
        foreach (var d in ThresholdCatalogue.Limits)
        {
            var body = new JsonObject
            {
                ["domain"] = Domain, ["thresholds"] = new JsonObject { [d.Field] = new JsonObject { ["value"] = -1 } },
            }.ToJsonString();
            var response = await host.Http.PutAsync($"/api/models/{Ev.NewId("limit-walk")}", Api.Body(body));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await Api.ReadJsonAsync(response);
            Assert.Equal(d.Path("value"), error["field"]!.GetValue<string>());
            Assert.Equal(d.Refuse(-1), error["reason"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_catalogue_lists_every_limit_with_its_declared_default_for_each_domain()
    {
        var response = await host.Http.GetAsync("/api/catalogue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = (await Api.ReadJsonAsync(response))["thresholds"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>());

        foreach (var d in ThresholdCatalogue.Limits)
        {
            var entry = listed[d.Name]!;
            Assert.Equal((d.Field, d.Reading.Name, (int)d.Level),
                (entry["field"]!.GetValue<string>(), entry["reading"]!.GetValue<string>(), entry["level"]!.GetValue<int>()));
            foreach (var domain in DomainDefaults.KnownDomains.Append(CatalogueBuilder.OtherDomains))
            {
                var profile = DomainDefaults.For(domain);
                var expected = d.Default(profile, profile.Metric);
                var shown = entry["defaults"]![domain];
                (double, string, long)? listedDefault = shown is null
                    ? null
                    : (shown["value"]!.GetValue<double>(), shown["window"]!.GetValue<string>(), shown["minSamples"]!.GetValue<long>());
                Assert.Equal(expected is null ? null : (expected.Value, expected.Window.Name(), expected.MinSamples), listedDefault);
            }
        }
    }

    // Everything a limit can read, bad: errors 40 % and timeouts 30 % (70 % together), P95 10 s, fallback 90 %, coverage
    // 10 %, 48,000 predictions a day, 90 % of features drifted, the top category 90 % of what is shown, a 50-point gap.
    private static readonly Health Bad = new(ErrorRate: 0.4, TimeoutRate: 0.3, LatencyP95: 10_000, FallbackRate: 0.9, Coverage: 0.1,
        Volume5m: 2_000, Volume1h: 2_000);
    private static readonly InputSignals BadInputs = new(0.9, 1_000, 0.9, 1_000, 0.5, 5_000);
    // And good: no failures, P95 50 ms, full coverage, two million predictions a day, nothing drifted, a 1-point gap.
    private static readonly Health Good = new(Volume5m: 2_000, Volume1h: 2_000, Volume24h: 2_000_000);
    private static readonly InputSignals GoodInputs = new(0, 1_000, 0.05, 1_000, 0.01, 5_000);

    [Fact]
    public void The_level_evaluator_judges_every_registered_limit_and_breaches_it_only_when_its_reading_is_on_the_bad_side()
    {
        var (thresholds, error) = Fleet.Dashboard.Api.ThresholdsMapper.Map(
            System.Text.Json.JsonSerializer.Deserialize<Fleet.Dashboard.Api.ThresholdsRequest>(
                JsonNode.Parse(Request())!["thresholds"]!.ToJsonString(), Fleet.Dashboard.Api.FleetJson.Options),
            DomainDefaults.ThresholdsFor(Domain), QualityMetricKind.Relevance);
        Assert.Null(error);
        var model = TestModels.Define(domain: Domain, metric: QualityMetricKind.Relevance, baseline: null, thresholds: thresholds);

        var readings = new List<ThresholdReading>();
        var bad = ThresholdEvaluator.Evaluate(model, Bad.Readings(model, BadInputs), 0, shown: readings);
        var good = ThresholdEvaluator.Evaluate(model, Good.Readings(model, GoodInputs), 0);

        foreach (var d in ThresholdCatalogue.Limits)
        {
            var read = Assert.Single(readings, r => r.Threshold == d.Name);
            Assert.True(read.Judged && read.Breached, $"{d.Name}: {read.Status}");
            Assert.Equal((Registered(d).Value, Registered(d).Window), (read.Limit, read.OwnWindow));
            var breach = Assert.Single(bad, b => b.Threshold == d.Name);
            Assert.Equal(d.Level, breach.Severity);
            Assert.DoesNotContain(good, b => b.Threshold == d.Name);
        }
    }
}
