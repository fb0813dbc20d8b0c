using System.Text.RegularExpressions;
using Fleet.Tests.Core;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>
/// The live page in headless Chromium against the real host: the overview, a level change pushed to a
/// tile, the model view's charts, and an action button. One browser and one host for the class; each
/// test registers its own models.
/// </summary>
public sealed class DashboardTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private RestartableFleetHost Host => fixture.Host;

    private static string NewId(string prefix) => ChromiumFixture.NewModelId(prefix);

    private Task<IPage> OpenAsync(string hash = "") => fixture.OpenLiveAsync(output, hash);

    private static ILocator Tile(IPage page, string id) => page.Locator($".tile[data-model-id='{id}']");

    [Fact]
    public async Task Overview_shows_every_registered_model_as_a_tile_with_its_gaps()
    {
        var ids = Enumerable.Range(0, 24).Select(i => NewId($"ov{i:00}")).ToList();
        var domains = new[] { "recommendations", "fraud-detection", "spam-filter" };
        await Task.WhenAll(ids.Select((id, i) => Host.RegisterAsync(id, domains[i % 3], owner: i == 5 ? null : "ana@example.com")));

        var page = await OpenAsync();
        foreach (var id in ids) await Expect(Tile(page, id)).ToHaveAttributeAsync("data-level", "1");
        await Expect(Tile(page, ids[5]).Locator(".badge.gap")).ToHaveTextAsync("no owner");
        await Expect(page.Locator(".count-chip[data-level='1']")).ToContainTextAsync(new Regex(@"L1 \d+"));

        await page.Locator("input[name=text]").FillAsync(ids[7]);
        await Expect(page.Locator(".tile:visible")).ToHaveCountAsync(1);
        await Expect(Tile(page, ids[7])).ToBeVisibleAsync();
        await page.Locator("input[name=text]").FillAsync("");
        await page.Locator("select[name=groupBy]").SelectOptionAsync("domain");
        await Expect(page.Locator(".group[data-group='fraud-detection'] h3")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "overview", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_overview_stays_fast_with_1500_tiles_and_repaints_only_what_a_diff_changed()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#overview[data-version]")).ToHaveCountAsync(1);
        var result = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const { store } = window.fleetDashboard;
              const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => { void document.body.offsetHeight; r(); })));
              const line = (i, level) => ({ id: `synthetic-${i}`, name: `Synthetic ${i}`, domain: ["fraud-detection", "spam-filter", "recommendations"][i % 3],
                owner: i % 17 ? "ops" : null, team: "t", level, levelName: level === 1 ? "full AI" : "rules-based fallback", qualityMetric: "accuracy",
                quality: 0.9, breaches: level > 1 ? ["latency-p95"] : [], gaps: i % 17 ? [] : ["no-owner"], watermark: null });
              let t = performance.now();
              store.applyDiff({ version: store.version + 1, changed: Array.from({ length: 1500 }, (_, i) => line(i, 1)), removed: [] });
              await painted();
              const initial = performance.now() - t;
              const before = document.querySelector(".tile[data-model-id='synthetic-1']");
              const touched = new Set(); // tiles whose level or text was rewritten
              const watch = new MutationObserver((records) => records.forEach((r) => r.target.classList?.contains("tile") && touched.add(r.target.dataset.modelId)));
              watch.observe(document.getElementById("grid"), { subtree: true, attributes: true, attributeFilter: ["data-level", "title"] });
              t = performance.now();
              store.applyDiff({ version: store.version + 1, changed: Array.from({ length: 20 }, (_, i) => line(i * 70, 3)), removed: [] });
              await painted();
              const diff = performance.now() - t;
              watch.disconnect();
              return { initial, diff, touched: touched.size, sameNode: before === document.querySelector(".tile[data-model-id='synthetic-1']"),
                tiles: document.querySelectorAll(".tile[data-model-id^='synthetic-']").length,
                changed: document.querySelectorAll(".tile.changed[data-model-id^='synthetic-']").length,
                levels: [...document.querySelectorAll("#grid .tile")].map((t) => Number(t.dataset.level)) };
            }
            """);
        output.WriteLine($"1500 tiles: first paint {result.GetProperty("initial").GetDouble():F0} ms; a diff of 20: {result.GetProperty("diff").GetDouble():F0} ms, {result.GetProperty("touched").GetInt32()} tiles touched");
        Assert.Equal(1500, result.GetProperty("tiles").GetInt32());
        Assert.Equal(20, result.GetProperty("changed").GetInt32());
        Assert.Equal(20, result.GetProperty("touched").GetInt32());
        Assert.True(result.GetProperty("sameNode").GetBoolean(), "a tile was re-created instead of updated");
        var levels = result.GetProperty("levels").EnumerateArray().Select(l => l.GetInt32()).ToList();
        Assert.Equal(levels.OrderByDescending(l => l), levels); // worst first
        Assert.True(result.GetProperty("initial").GetDouble() < 3000, "first paint of 1500 tiles took over 3 s");
        Assert.True(result.GetProperty("diff").GetDouble() < 300, "a 20-model diff took over 300 ms");
        await Screenshots.SaveAsync(page, "overview-1500", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_model_that_changes_level_updates_its_tile_without_a_reload()
    {
        var id = NewId("lvl");
        await Host.RegisterAsync(id);
        var page = await OpenAsync();
        await Expect(Tile(page, id)).ToHaveAttributeAsync("data-level", "1");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await Host.SendAsync(id, Clock.T0, 150, latencyMs: 900); // P95 900 ms > 200 ms over 5 m, N >= 100

        await Expect(Tile(page, id)).ToHaveAttributeAsync("data-level", "3");
        await Expect(Tile(page, id)).ToHaveClassAsync(new Regex(@"\bchanged\b"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await Screenshots.SaveAsync(page, "level-change", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_model_view_draws_its_charts()
    {
        var id = NewId("chart");
        await Host.RegisterAsync(id);
        await Host.SendAsync(id, Clock.T0, 200, latencyMs: 40, labelled: true);
        await Host.SendAsync(id, Clock.T0.AddMinutes(1), 200, latencyMs: 60, labelled: true);

        var page = await OpenAsync($"#/model/{id}");
        await Expect(page.Locator(".model-head h2")).ToContainTextAsync(id);
        foreach (var chart in new[] { "quality", "latency", "volume", "fallback", "errors" })
            await Expect(page.Locator($"figure[data-chart='{chart}'] canvas")).ToHaveCountAsync(1);
        foreach (var chart in new[] { "quality", "latency", "volume" })
            await Expect(page.Locator($"figure[data-chart='{chart}']")).Not.ToHaveAttributeAsync("data-points", "0");
        await Expect(page.Locator(".model-head .baseline")).ToContainTextAsync("baseline");

        await page.Locator("fieldset.windows input[value='5m']").CheckAsync();
        await Expect(page.Locator("figure[data-chart='latency']")).Not.ToHaveAttributeAsync("data-points", "0");
        await Screenshots.SaveAsync(page, "model-view", output);
        await fixture.CloseAsync(page);
    }

    /// <summary>The page against the server's own per-bucket series and timeline.</summary>
    [Fact]
    public async Task The_model_view_plots_the_series_and_timeline_of_the_contract()
    {
        var id = NewId("series");
        await Host.RegisterAsync(id);
        await Host.SendAsync(id, Clock.T0, 150, latencyMs: 900, labelled: true);
        var page = await fixture.NewPageAsync(output);
        await page.GotoAsync(new Uri(Host.BaseAddress, $"/#/model/{id}").ToString());

        await Expect(page.Locator(".model-head .level-badge")).ToHaveAttributeAsync("data-level", "3");
        await Expect(page.Locator("figure[data-chart='latency'] canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("figure[data-chart='latency']")).Not.ToHaveAttributeAsync("data-points", "0");
        await Expect(page.Locator(".series-note")).ToContainTextAsync("buckets of");
        await Expect(page.Locator(".timeline .entry").First).ToBeVisibleAsync();
        await Expect(page.Locator("section:has(ol.timeline) .notice.error")).ToHaveCountAsync(0);
        await Expect(page.Locator(".breaches")).ToContainTextAsync("latency-p95");
        await Expect(page.Locator(".series-note .error")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "model-view-series", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task Force_fallback_with_a_reason_changes_the_level_the_API_reports()
    {
        var id = NewId("act");
        await Host.RegisterAsync(id);
        await Host.SendAsync(id, Clock.T0, 50, latencyMs: 40);
        var page = await OpenAsync($"#/model/{id}");
        await Expect(page.Locator(".model-head .level-badge")).ToHaveAttributeAsync("data-level", "1");

        await page.Locator("button[data-action='force-level']").ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.Locator("input[name=by]").FillAsync("ana");
        await dialog.Locator("textarea[name=reason]").FillAsync("latency complaints from support");
        await dialog.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".model-head .level-badge")).ToHaveAttributeAsync("data-level", "3");
        Assert.Equal(3, await Host.LevelAsync(id));
        await Expect(page.Locator(".timeline")).ToContainTextAsync("latency complaints from support");
        await Screenshots.SaveAsync(page, "action-force-fallback", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_runs_panel_starts_pauses_steps_injects_and_stops_a_scenario()
    {
        var page = await OpenAsync("#/runs");
        var scenario = page.Locator("select[name=scenario]");
        await Expect(scenario.Locator("option[value='feedback-loop']")).ToHaveCountAsync(1);
        await scenario.SelectOptionAsync("feedback-loop");
        await page.Locator("form.run-start button[type=submit]").ClickAsync();
        var row = page.Locator("table.runs tbody tr").First;
        await Expect(row).ToHaveAttributeAsync("data-state", new Regex("running|paused"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "paused");
        var before = await row.Locator("td").Nth(5).InnerTextAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Step" }).ClickAsync();
        await Expect(row.Locator("td").Nth(5)).Not.ToHaveTextAsync(before);

        await page.Locator("form.inject select[name=fault]").SelectOptionAsync("latency-spike");
        await page.Locator("form.inject input[name=models]").FillAsync("recommendations-001");
        await page.Locator("form.inject input[name=magnitude]").FillAsync("4");
        await page.Locator("form.inject input[name=duration]").FillAsync("20m");
        await page.Locator("form.inject button[type=submit]").ClickAsync();
        await Expect(page.Locator("form.inject .form-message")).ToHaveTextAsync("Injected latency-spike into 1 model(s).");
        await Screenshots.SaveAsync(page, "runs", output);

        await row.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "stopped");
        await fixture.CloseAsync(page);
    }
}
