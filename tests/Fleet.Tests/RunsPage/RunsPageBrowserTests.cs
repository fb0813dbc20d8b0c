using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fleet.Tests.Browser;
using Fleet.Tests.Core;
using RunsOverHttp = Fleet.Tests.Journal.Runs;
using Fleet.Tests.Worlds;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.RunsPage;

/// <summary>
/// The runs panel in headless Chromium against the real host: a short run is replayed from the page at 1x, jumped to
/// its end, and says "digest matches" with the detection of both runs side by side; its journal pages (50 entries) on demand.
/// </summary>
public sealed class RunsPageBrowserTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_run_replayed_from_the_page_and_jumped_to_its_end_says_digest_matches_and_its_journal_pages()
    {
        var http = fixture.Host.Http;
        var original = await RunsOverHttp.StartAsync(http, new JsonObject { ["scenario"] = WorldScenarios.Outage });
        await RunsOverHttp.WaitForStateAsync(http, original, "finished", TimeSpan.FromMinutes(2));

        var page = await fixture.OpenLiveAsync(output, "#/runs");
        await page.Locator($"table.runs tr[data-run-id='{original}']").GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var detail = page.Locator($".run-detail[data-run-id='{original}']");
        await detail.Locator("select[name=replay-speed]").SelectOptionAsync("1");
        await detail.Locator("form.run-replay button[type=submit]").ClickAsync();

        // The replay opens in the original's place, playing at 1x: 80 virtual minutes that the jump plays at once.
        var replayDetail = page.Locator(".run-detail").Filter(new() { HasText = $"replay of {original}" });
        await Expect(replayDetail).ToHaveCountAsync(1);
        var replay = (await replayDetail.GetAttributeAsync("data-run-id"))!;
        Assert.NotEqual(original, replay);
        Assert.Equal(1, (await RunsOverHttp.StatusAsync(http, replay))["speed"]!.GetValue<double>());
        await replayDetail.Locator("input[name=to]").FillAsync("2026-01-05T01:20:00Z");
        await replayDetail.GetByRole(AriaRole.Button, new() { Name = "Jump" }).ClickAsync();
        await Expect(replayDetail.Locator("form.run-jump .form-message")).ToHaveTextAsync(new Regex("^Playing to 2026-01-05 01:20Z"));

        var verdict = replayDetail.Locator(".run-verdict .verdict");
        await Expect(verdict).ToHaveTextAsync("digest matches", new() { Timeout = 90_000 });
        await Expect(verdict).ToHaveAttributeAsync("data-matches", "true");
        // Detection side by side, as the server compares them.
        var comparison = await Api.ReadJsonAsync(await http.GetAsync($"/api/runs/{replay}/comparison"));
        var rows = replayDetail.Locator("table.comparison tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        var fired = comparison["originalDetection"]!["firing"]!.GetValue<int>();
        Assert.True(fired > 0, "the outage scenario fires alerts");
        await Expect(rows.Nth(2).Locator("td")).ToHaveTextAsync([fired.ToString(), comparison["replayDetection"]!["firing"]!.GetValue<int>().ToString()]);
        await Expect(replayDetail.Locator("form.run-jump button")).ToBeDisabledAsync();

        // The journal, a page of 50 at a time; "Load newer" follows the cursor.
        var total = (await RunsOverHttp.JournalAsync(http, replay, limit: 1000)).Count;
        Assert.True(total > 50, $"the outage's journal holds more than a page ({total})");
        await replayDetail.GetByRole(AriaRole.Button, new() { Name = "Journal" }).ClickAsync();
        var entries = replayDetail.Locator("table.journal tbody tr");
        await Expect(entries).ToHaveCountAsync(50);
        await replayDetail.GetByRole(AriaRole.Button, new() { Name = "Load newer" }).ClickAsync();
        await Expect(entries).ToHaveCountAsync(Math.Min(100, total));
        var positions = await entries.EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.position))");
        Assert.Equal(positions.Order(), positions); // oldest first, no page twice
        Assert.Equal(positions.Length, positions.Distinct().Count());
        await Screenshots.SaveAsync(page, "runs-replay", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_what_if_replay_from_the_page_without_the_actions_names_the_first_difference()
    {
        var http = fixture.Host.Http;
        var original = await RunsOverHttp.PlayWithInputsAsync(http); // a kill-switch at tick 5 moves a level
        var page = await fixture.OpenLiveAsync(output, "#/runs");
        await page.Locator($"table.runs tr[data-run-id='{original}']").GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var detail = page.Locator($".run-detail[data-run-id='{original}']");

        // Thresholds that are not YAML of thresholds: the form names the field and the run stays open.
        await detail.Locator("textarea[name=thresholds]").FillAsync("latencyP95Ms: [");
        await detail.Locator("form.run-replay button[type=submit]").ClickAsync();
        await Expect(detail.Locator("form.run-replay .form-message")).ToHaveTextAsync(new Regex("^thresholds: "));

        await detail.Locator("textarea[name=thresholds]").FillAsync("");
        await detail.Locator("input[name=without-actions]").CheckAsync();
        await detail.Locator("form.run-replay button[type=submit]").ClickAsync();
        var replayDetail = page.Locator(".run-detail").Filter(new() { HasText = $"replay of {original}" });
        var verdict = replayDetail.Locator(".run-verdict .verdict");
        await Expect(verdict).ToHaveAttributeAsync("data-matches", "false", new() { Timeout = 90_000 });
        var replay = (await replayDetail.GetAttributeAsync("data-run-id"))!;
        var comparison = await Api.ReadJsonAsync(await http.GetAsync($"/api/runs/{replay}/comparison"));
        Assert.False(comparison["digestMatches"]!.GetValue<bool>());
        await Expect(verdict).ToHaveTextAsync(comparison["verdict"]!.GetValue<string>());
        await Expect(replayDetail.Locator("table.comparison tbody tr")).ToHaveCountAsync(4);
        await fixture.CloseAsync(page);
    }
}
