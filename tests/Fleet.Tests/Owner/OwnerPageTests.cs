using System.Text.Json.Nodes;
using Fleet.Tests.Browser;
using Fleet.Tests.Core;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Owner;

/// <summary>The page in headless Chromium: the model view's owner panel with the rollout verdict, and the reviews view.</summary>
public sealed class OwnerPageTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_model_view_shows_the_owner_readings_and_the_rollout_verdict_and_the_reviews_view_lists_the_model()
    {
        var host = fixture.Host;
        var id = ChromiumFixture.NewModelId("owner-page");
        var team = Ev.NewId("page-team");
        var registration = Api.Registration(team: team);
        registration["candidate"] = new JsonObject { ["version"] = "3.3.0", ["stage"] = "5%" };
        registration["alerts"] = new JsonArray(new JsonObject
        {
            ["name"] = "opt-outs-1pct", ["reading"] = "optOut.rate@7d", ["comparison"] = ">", ["threshold"] = 0.01, ["for"] = "1h", ["severity"] = "page",
        });
        Assert.True((await host.Http.PutAsync($"/api/models/{id}", Api.Body(registration))).IsSuccessStatusCode);
        var current = Api.Predictions(300, T0).ToList();
        var candidate = Api.Predictions(300, T0).Select(p => { p["version"] = "3.3.0"; return p; }).ToList();
        JsonObject Outcome(JsonObject p, int label, bool clicked) => new()
        {
            ["timestamp"] = Api.Iso(T0.AddMinutes(1)), ["predictionId"] = p["predictionId"]!.GetValue<string>(), ["label"] = label, ["clicked"] = clicked,
        };
        var outcomes = current.Select((p, i) => Outcome(p, 1, i < 30)).Concat(candidate.Select((p, i) => Outcome(p, i < 90 ? 0 : 1, i < 30)));
        Assert.True((await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddMinutes(1), [.. current, .. candidate], outcomes)))).IsSuccessStatusCode);

        var page = await fixture.OpenLiveAsync(output, $"#/model/{id}");
        await Expect(page.Locator(".rollout .verdict")).ToHaveAttributeAsync("data-verdict", "roll back");
        await Expect(page.Locator("table.owner")).ToContainTextAsync("Engagement rate");
        await Expect(page.Locator(".own-rule[data-rule='opt-outs-1pct']")).ToHaveTextAsync("opt-outs-1pct: optOut.rate@7d > 0.01 for 1h (page)");
        await Expect(page.Locator("table.owner")).ToContainTextAsync("10.00%"); // 30 clicks of 300
        // The readings in their tiers, each tier's own window (24h, 7d, 30d: the 1st, 2nd, 3rd column) marked.
        foreach (var (tier, reading, column) in new[] { ("continuous", "Engagement rate", 2), ("weekly", "Opt-out rate", 3), ("monthly", "Return on cost", 4) })
        {
            var row = page.Locator($"table.owner tbody[data-tier='{tier}'] tr", new() { HasText = reading });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td.tier-window")).ToHaveCountAsync(1);
            await Expect(row.Locator($"td:nth-child({column})")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("tier-window"));
        }
        await Expect(page.Locator("table.owner tbody[data-tier='weekly']")).Not.ToContainTextAsync("Engagement rate");
        await Screenshots.SaveAsync(page, "owner-panel", output);

        await page.EvaluateAsync("() => { location.hash = '#/reviews'; }");
        await page.Locator("#reviews input[aria-label='Team']").FillAsync(team);
        await page.Locator("#reviews button", new() { HasText = "Show" }).ClickAsync();
        await Expect(page.Locator($"#reviews section.review[data-model-id='{id}']")).ToContainTextAsync("engagement rate");
        await fixture.CloseAsync(page);
    }
}
