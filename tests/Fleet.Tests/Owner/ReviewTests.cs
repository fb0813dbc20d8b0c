using System.Net;
using System.Text.Json.Nodes;
using Fleet.Monitoring.Owner;
using Fleet.Snapshots;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>Weekly and monthly reviews: each dimension against the period before, worked by hand; the API, Markdown and `fleet review`.</summary>
public sealed class ReviewTests
{
    private static void Play(Fleet.Monitoring.ModelMonitor monitor, DateTimeOffset at, int correct, int clicks, int optOuts)
    {
        var (p, o) = OwnerEvents.Answered(1000, at, at.AddMinutes(1), clicks: clicks, optOuts: optOuts, correct: correct);
        monitor.Apply(Ev.Batch(at, p));
        monitor.Apply(Ev.Batch(at.AddMinutes(1), outcomes: o));
    }

    [Fact]
    public void A_weekly_review_compares_each_dimension_with_the_week_before()
    {
        var monitor = TestModels.Monitor();
        // The week before (10 days ago): accuracy 80 %, 100 clicks, 10 opt-outs of 1,000. This week (today): 90 %, 200, 5.
        Play(monitor, T0.AddDays(-10), correct: 800, clicks: 100, optOuts: 10);
        Play(monitor, T0, correct: 900, clicks: 200, optOuts: 5);
        var inWeek = new ActionRecord(T0.AddDays(-2), "retrain", "ana", "weekly retraining", "audited");
        var before = new ActionRecord(T0.AddDays(-9), "rollback", "ana", "bad release", "audited");

        var review = ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, [before, inWeek]);

        var lines = review.Lines.ToDictionary(l => l.Measure);
        Assert.Equal((1000.0, 1000.0, "steady"), (lines["predictions"].Current!.Value, lines["predictions"].Previous!.Value, lines["predictions"].Trend));
        Assert.Equal((0.2, 0.1, "better"), (lines["engagement rate"].Current!.Value, lines["engagement rate"].Previous!.Value, lines["engagement rate"].Trend));
        Assert.Equal((0.9, 0.8, "better"), (lines["accuracy"].Current!.Value, lines["accuracy"].Previous!.Value, lines["accuracy"].Trend));
        Assert.Equal((0.005, 0.01, "better"), (lines["opt-out rate"].Current!.Value, lines["opt-out rate"].Previous!.Value, lines["opt-out rate"].Trend));
        Assert.Equal("n/a", lines["largest segment gap"].Trend);
        Assert.Equal([inWeek], review.Actions);
        Assert.Equal(Day0.AddDays(-6), review.From);   // today and the six days before
        Assert.Equal(T0.AddMinutes(1), review.To);
        Assert.Equal(["engagement", "quality", "trust", "fairness", "business outcome"], review.Lines.Select(l => l.Dimension).Distinct());
    }

    [Fact]
    public void A_monthly_review_reads_the_month_before_from_the_owner_days()
    {
        var monitor = TestModels.Monitor();
        Play(monitor, T0.AddDays(-40), correct: 800, clicks: 300, optOuts: 0);
        Play(monitor, T0, correct: 900, clicks: 100, optOuts: 0);
        var lines = ModelReviewBuilder.Build(monitor, ReviewPeriod.Monthly, []).Lines.ToDictionary(l => l.Measure);
        Assert.Equal((0.1, 0.3, "worse"), (lines["engagement rate"].Current!.Value, lines["engagement rate"].Previous!.Value, lines["engagement rate"].Trend));
        Assert.Equal((0.9, 0.8, "better"), (lines["accuracy"].Current!.Value, lines["accuracy"].Previous!.Value, lines["accuracy"].Trend));
    }
}

/// <summary>The reviews over real HTTP and through the CLI: the numbers the API gives for each model.</summary>
[Collection(HostCollection.Name)]
public sealed class ReviewApiTests(HostFixture host)
{
    [Fact]
    public async Task The_weekly_review_of_a_team_lists_its_models_as_json_markdown_and_in_the_cli()
    {
        var team = Ev.NewId("team");
        var id = Ev.NewId("reviewed");
        var registration = Api.Registration(team: team);
        registration["name"] = "Review | pipe";
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(registration))).StatusCode);
        var predictions = Api.Predictions(200, T0).ToList();
        var outcomes = predictions.Select((p, i) => new JsonObject
        {
            ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = p["predictionId"]!.GetValue<string>(), ["label"] = 1, ["clicked"] = i < 50,
        });
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), predictions, outcomes)))).StatusCode);

        var json = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/reviews/weekly?team={team}"));
        var model = json["models"]!.AsArray().Single()!;
        Assert.Equal(id, model["id"]!.GetValue<string>());
        var engagement = model["lines"]!.AsArray().Single(l => l!["measure"]!.GetValue<string>() == "engagement rate")!;
        Assert.Equal(0.25, engagement["current"]!.GetValue<double>(), 12); // 50 clicks of 200
        var snapshot = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));
        var week = snapshot["ownerReadings"]!.AsArray().Single(r => r!["window"]!.GetValue<string>() == "7d")!;
        Assert.Equal(week["engagementRate"]!.GetValue<double>(), engagement["current"]!.GetValue<double>());

        var markdown = await (await host.Http.GetAsync($"/api/reviews/weekly?team={team}&format=markdown")).Content.ReadAsStringAsync();
        Assert.Contains($"# Weekly model review: team {team}", markdown);
        Assert.Contains($"## Review \\| pipe ({id})", markdown);
        Assert.Contains("| engagement | engagement rate | 25% | – | n/a |", markdown);

        var cli = await CliRunner.AgainstAsync(host, "review", "weekly", "--team", team);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("| engagement | engagement rate | 25% | – | n/a |", cli.Output);

        // The monthly KPI review of the same team as one HTML file, and as the API's JSON.
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "monthly.html");
        Assert.Equal(0, (await CliRunner.AgainstAsync(host, "review", "monthly", "--team", team, "--html", file)).ExitCode);
        var html = await File.ReadAllTextAsync(file);
        Assert.Contains($"<title>Monthly KPI review: team {team}</title>", html);
        Assert.Contains("<td>engagement</td><td>engagement rate</td><td>25%</td>", html);
        var monthly = await CliRunner.AgainstAsync(host, "review", "monthly", "--team", team, "--json");
        Assert.Equal(id, System.Text.Json.Nodes.JsonNode.Parse(monthly.Output)!["models"]!.AsArray().Single()!["id"]!.GetValue<string>());

        var bad = await host.Http.GetAsync("/api/reviews/daily");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("period", (await Api.ReadJsonAsync(bad))["field"]!.GetValue<string>());
    }
}
