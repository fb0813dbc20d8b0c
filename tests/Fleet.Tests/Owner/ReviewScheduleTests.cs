using System.Net;
using System.Text.Json.Nodes;
using Fleet.Dashboard.Reviews;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Safety;
using Fleet.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>
/// Reviews on the schedule, on a host whose clocks the test owns (the server's and the fleet's event time): generated
/// once per occurrence due, kept in the silo's database, listed and read back over HTTP and the CLI with the numbers the
/// API gives for the same models.
/// </summary>
public sealed class ReviewScheduleTests
{
    [Fact]
    public async Task Reviews_due_on_the_fleet_clock_are_kept_once_and_read_back_with_the_numbers_the_api_gives()
    {
        await using var host = await FleetTestHost.StartAsync(new SettableClock(T0.AddMinutes(2)),
            settings: ["--Fleet:Reviews:Weekly=monday 08:00", "--Fleet:Reviews:Monthly=1 08:00", "--Fleet:Reviews:Every=01:00:00"]);
        var team = Ev.NewId("team");
        string[] ids = [Ev.NewId("weekly-a"), Ev.NewId("weekly-b")];
        for (var m = 0; m < ids.Length; m++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{ids[m]}", Api.Body(Api.Registration(team: team)))).StatusCode);
            var predictions = Api.Predictions(200, T0).ToList();
            var clicks = 50 * (m + 1);
            var outcomes = predictions.Select((p, i) => new JsonObject
            {
                ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = p["predictionId"]!.GetValue<string>(), ["label"] = 1, ["clicked"] = i < clicks,
            });
            Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{ids[m]}/events", Api.Body(Api.Batch(T0.AddMinutes(1), predictions, outcomes)))).StatusCode);
        }
        var schedule = host.Services.GetRequiredService<ReviewSchedule>();

        // T0 is Sunday 22 November 2026, 10:00: the weekly review due is Monday the 16th's, the monthly one the 1st's.
        var kept = await schedule.GenerateDueAsync(T0.AddMinutes(1));
        Assert.Equal([("weekly", team, new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero), 2), ("monthly", null, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), 2)],
            kept.Select(k => (k.Period.ToString().ToLowerInvariant(), k.Team, k.DueAt, k.Models)));
        Assert.Empty(await schedule.GenerateDueAsync(T0.AddHours(5)));                     // the same occurrences: kept once
        var nextWeek = Assert.Single(await schedule.GenerateDueAsync(T0.AddDays(1)));       // Monday the 23rd, 10:00
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), nextWeek.DueAt);

        var history = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/reviews/history")))["reviews"]!.AsArray();
        Assert.Equal([nextWeek.Id, kept[0].Id, kept[1].Id], history.Select(r => r!["id"]!.GetValue<string>()));

        // The kept review holds the numbers the API gives for the same models and window.
        var stored = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/reviews/history/{kept[0].Id}"));
        var live = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/reviews/weekly?team={team}"));
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        for (var m = 0; m < ids.Length; m++)
        {
            double Engagement(JsonNode review) => review["models"]!.AsArray().Single(x => x!["id"]!.GetValue<string>() == ids[m])!["lines"]!.AsArray()
                .Single(l => l!["measure"]!.GetValue<string>() == "engagement rate")!["current"]!.GetValue<double>();
            var snapshot = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{ids[m]}"));
            var week = snapshot["ownerReadings"]!.AsArray().Single(r => r!["window"]!.GetValue<string>() == "7d")!["engagementRate"]!.GetValue<double>();
            Assert.Equal(0.25 * (m + 1), week, 12);                                          // 50 or 100 clicks of 200
            Assert.Equal(week, Engagement(stored));
            Assert.Equal(week, Engagement(live));
        }

        var html = await host.Http.GetAsync($"/api/reviews/history/{kept[0].Id}?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains($"Weekly model review: team {team}", await html.Content.ReadAsStringAsync());
        var missing = await host.Http.GetAsync("/api/reviews/history/weekly-19990101T0000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("id", (await Api.ReadJsonAsync(missing))["field"]!.GetValue<string>());
        var badLimit = await host.Http.GetAsync("/api/reviews/history?limit=0");
        Assert.Equal("limit", (await Api.ReadJsonAsync(badLimit))["field"]!.GetValue<string>());

        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "weekly.html");
        var args = new[] { "--server", host.BaseAddress.ToString(), "--key", TestKeys.Admin };
        var listed = await CliRunner.RunAsync(["review", "history", .. args]);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(kept[0].Id, listed.Output);
        var written = await CliRunner.RunAsync(["review", "history", kept[0].Id, "--html", file, .. args]);
        Assert.Equal(0, written.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(file));
        var markdown = await CliRunner.RunAsync(["review", "weekly", "--team", team, .. args]);
        Assert.Contains("## Incidents of the period", markdown.Output);
    }
}
