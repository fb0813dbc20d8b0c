using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using RunsOverHttp = Fleet.Tests.Journal.Runs;
using Fleet.Tests.Scenarios;
using Xunit;

namespace Fleet.Tests.Owner;

/// <summary>
/// A simulated week of the demo fleet (its ten domains, teams, faults, user responses and holdout; two models per domain
/// and a lower rate so the week plays in seconds), run on a real host: the weekly and monthly reviews of the run's world
/// list every model with the numbers the API gives for it (its readings, its 30-day quality) and the incidents with the
/// times the incidents API gives.
/// </summary>
public sealed class DemoWeekReviewTests
{
    private static string WeekOfTheDemo()
    {
        var yaml = File.ReadAllText(Path.Combine(ShippedScenarioTests.Root(), "scenarios", "demo.yaml"));
        foreach (var (from, to) in new[] { ("duration: 24h", "duration: 7d"), ("tick: 10s", "tick: 5m"), ("  rate: 5\n", "  rate: 0.02\n") })
        {
            Assert.Contains(from, yaml);
            yaml = yaml.Replace(from, to, StringComparison.Ordinal);
        }
        return Regex.Replace(yaml, @"count: \d+", "count: 2");
    }

    [Fact]
    public async Task Reviews_of_a_simulated_week_of_the_demo_fleet_hold_its_models_and_the_numbers_the_api_gives()
    {
        await using var host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);
        var run = await RunsOverHttp.StartAsync(host.Http, new JsonObject { ["scenario"] = WeekOfTheDemo(), ["seed"] = 7 });
        await RunsOverHttp.WaitForStateAsync(host.Http, run, "finished", TimeSpan.FromMinutes(8));

        var weekly = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/reviews/weekly?world={run}"));
        var monthly = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/reviews/monthly?world={run}"));
        var models = weekly["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(20, models.Count);
        Assert.Contains("fraud-001", models);
        Assert.Equal(20, weekly["totals"]!["models"]!.GetValue<int>());

        var responded = 0;
        foreach (var id in models)
        {
            var snapshot = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}?world={run}"));
            var week = snapshot["ownerReadings"]!.AsArray().Single(r => r!["window"]!.GetValue<string>() == "7d")!;
            var review = weekly["models"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == id)!;
            double? Line(JsonNode r, string measure) => r["lines"]!.AsArray().Single(l => l!["measure"]!.GetValue<string>() == measure)!["current"]?.GetValue<double>();
            double? Reading(string field) => week[field]?.GetValue<double>();
            Assert.Equal(Reading("predictions"), Line(review, "predictions"));
            Assert.True(Line(review, "predictions") > 5_000, $"{id}: {Line(review, "predictions")} predictions in the week");
            Assert.Equal(Reading("engagementRate"), Line(review, "engagement rate"));
            Assert.Equal(Reading("optOutRate"), Line(review, "opt-out rate"));
            Assert.Equal(Reading("valuePer1000"), Line(review, "value per 1,000"));
            Assert.Equal(Reading("upliftPer1000"), Line(review, "uplift per 1,000"));
            Assert.Equal(Reading("sentiment"), Line(review, "sentiment"));
            if (Reading("engagementRate") is not null) responded++;

            // The monthly review's quality is the model's 30-day window's (the week is all of both).
            var metric = review["maturity"]!["metric"]!.GetValue<string>();
            var month = monthly["models"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == id)!;
            var windowQuality = snapshot["windows"]!["30d"]!["quality"]!.GetValue<double>();
            Assert.Equal(windowQuality, Line(month, metric)!.Value, 12);
            Assert.Equal(windowQuality, month["maturity"]!["current"]!.GetValue<double>(), 12);
        }
        Assert.True(responded >= 18, $"{responded} models with user responses");

        // Incidents: the same milestones as the incidents API, minutes to detect from them.
        var incidents = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/incidents?world={run}"))).AsArray();
        var listed = weekly["incidents"]!.AsArray();
        Assert.NotEmpty(listed);
        foreach (var incident in listed)
        {
            var api = incidents.Single(i => i!["id"]!.GetValue<string>() == incident!["id"]!.GetValue<string>())!;
            var started = api["milestones"]!["impactStarted"]!.GetValue<DateTimeOffset>();
            var detected = api["milestones"]!["detected"]!.GetValue<DateTimeOffset>();
            Assert.Equal((detected - started).TotalMinutes, incident!["minutesToDetect"]!.GetValue<double>(), 9);
        }
        var markdown = await (await host.Http.GetAsync($"/api/reviews/weekly?world={run}&format=markdown")).Content.ReadAsStringAsync();
        foreach (var id in models) Assert.Contains($"({id}), version", markdown);
    }
}
