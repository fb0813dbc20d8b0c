using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Worlds;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>
/// The page and worlds in headless Chromium against the real host (no demo): with an empty live fleet the page
/// opens on the run, the switcher always names the world on screen, and each world's tiles stay in it.
/// </summary>
public sealed class WorldSwitcherTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private static ILocator Tile(IPage page, string id) => page.Locator($".tile[data-model-id='{id}']");

    [Fact]
    public async Task The_page_opens_on_the_run_while_the_live_fleet_is_empty_and_the_switcher_moves_between_worlds()
    {
        var started = await fixture.Host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = WorldScenarios.Outage }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var run = (await Api.ReadJsonAsync(started))["id"]!.GetValue<string>();
        for (var i = 0; i < 1200 && (await Api.ReadJsonAsync(await fixture.Host.Http.GetAsync($"/api/runs/{run}")))["state"]!.GetValue<string>() != "finished"; i++)
            await Task.Delay(100);

        var page = await fixture.OpenLiveAsync(output);
        await Expect(page.Locator("#world")).ToHaveValueAsync(run);
        await Expect(Tile(page, "fraud-002")).ToHaveCountAsync(1);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-world", run);

        var live = ChromiumFixture.NewModelId("live");
        await fixture.Host.RegisterAsync(live);
        await page.Locator("#world").FocusAsync(); // refreshes the list
        await page.Locator("#world").SelectOptionAsync("live");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator("#world")).ToHaveValueAsync("live");
        await Expect(Tile(page, live)).ToHaveCountAsync(1);
        await Expect(Tile(page, "fraud-002")).ToHaveCountAsync(0);

        // With live models the page opens on the live fleet; the address can still name the run.
        var fresh = await fixture.OpenLiveAsync(output);
        await Expect(fresh.Locator("#world")).ToHaveValueAsync("live");
        await fresh.GotoAsync(new Uri(fixture.Host.BaseAddress, $"/?world={run}").ToString());
        await Expect(fresh.Locator("#world")).ToHaveValueAsync(run);
        await Expect(Tile(fresh, "fraud-002")).ToHaveCountAsync(1);
        await Expect(Tile(fresh, live)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(fresh, "world-run", output);
        await fixture.CloseAsync(page);
        await fixture.CloseAsync(fresh);
    }
}
