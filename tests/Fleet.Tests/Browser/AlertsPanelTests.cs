using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>
/// The alert book on the live page in headless Chromium against the real host: an alert fired by events
/// appears without a reload, acknowledging and silencing from the browser change the book the API reports.
/// Each test gives its model a domain of its own, so its incident holds that model alone.
/// </summary>
public sealed class AlertsPanelTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private RestartableFleetHost Host => fixture.Host;

    private static string NewId(string prefix) => ChromiumFixture.NewModelId(prefix);

    private async Task<IPage> OpenAsync(string hash = "")
    {
        var page = await fixture.OpenLiveAsync(output, hash);
        if (hash.Length == 0) await Expect(page.Locator("#alerts .alerts-panel")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>600 predictions at <paramref name="at"/>, 5% of them errors: over the 1% error limit with N >= 500.</summary>
    private async Task SendErrorsAsync(string id, DateTimeOffset at)
    {
        var predictions = Enumerable.Range(0, 600).Select(i =>
        {
            var p = Api.Prediction(at, Ev.NewId());
            p["error"] = i % 20 == 0;
            return p;
        });
        var response = await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at.AddSeconds(5), predictions)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> ErroringModelAsync(IPage page)
    {
        var id = NewId("err");
        await Host.RegisterAsync(id, domain: "alerts-" + Guid.NewGuid().ToString("N")[..6]);
        await Expect(page.Locator($".tile[data-model-id='{id}']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await SendErrorsAsync(id, T0);
        // The level falls at once (a page); error-rate waits for its 5 minutes.
        await Expect(AlertRow(page, "error-rate", id)).ToHaveAttributeAsync("data-state", "pending");
        await SendErrorsAsync(id, T0.AddMinutes(6));
        await Expect(AlertRow(page, "error-rate", id)).ToHaveAttributeAsync("data-state", "firing");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        return id;
    }

    private static ILocator AlertRow(IPage page, string rule, string model) =>
        page.Locator($"#alerts table.alerts tr[data-rule='{rule}'][data-model='{model}']");

    private static ILocator IncidentOf(IPage page, string model) =>
        page.Locator($"#alerts .incident:has(a[href='#/model/{model}'])");

    private async Task<JsonNode> GetAsync(string path) => await Api.ReadJsonAsync(await Host.Http.GetAsync(path));

    [Fact]
    public async Task An_alert_fired_by_events_appears_live_and_acknowledging_it_in_the_browser_acknowledges_the_incident()
    {
        var page = await OpenAsync();
        var id = await ErroringModelAsync(page);

        await Expect(AlertRow(page, "model-degraded", id)).ToHaveAttributeAsync("data-severity", "page");
        await Expect(AlertRow(page, "error-rate", id)).ToHaveAttributeAsync("data-silenced", "false");
        var tileBadge = page.Locator($".tile[data-model-id='{id}'] .badge.alert");
        await Expect(tileBadge).ToHaveTextAsync("⚠2");
        await Expect(tileBadge).ToHaveAttributeAsync("data-severity", "page");
        var incident = IncidentOf(page, id);
        await Expect(incident).ToHaveAttributeAsync("data-acknowledged", "false");
        await Expect(incident).ToHaveAttributeAsync("data-severity", "page");
        await Expect(incident.Locator(".ack")).ToHaveTextAsync("unacknowledged");
        await Expect(incident.Locator(".milestones li[data-milestone='detected']")).ToHaveClassAsync("reached");
        await Expect(incident.Locator(".escalation")).ToContainTextAsync("ana@example.com"); // the owner was paged
        await Expect(page.Locator("#alert-count")).Not.ToHaveAttributeAsync("data-firing", "0");
        await Screenshots.SaveAsync(page, "alerts-firing", output);

        await incident.Locator("button[data-do='ack']").ClickAsync();
        var dialog = page.Locator("#alert-dialog[open]");
        await dialog.Locator("input[name=by]").FillAsync("dana");
        await dialog.Locator("textarea[name=reason]").FillAsync("error spike after the feature-store deploy; rolling it back");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#alert-dialog[open]")).ToHaveCountAsync(0);

        await Expect(incident).ToHaveAttributeAsync("data-acknowledged", "true");
        await Expect(incident.Locator(".ack")).ToHaveTextAsync("acknowledged by dana");
        await Expect(incident.Locator(".milestones li[data-milestone='acknowledged']")).ToHaveClassAsync("reached");
        await Expect(incident.Locator("button[data-do='ack']")).ToBeDisabledAsync();
        await Expect(AlertRow(page, "error-rate", id).Locator("td").Nth(7)).ToHaveTextAsync("dana");

        // The backend agrees: the incident and both alerts are acknowledged by dana, and the reason is in the model's journal.
        var incidents = (await GetAsync("/api/incidents?open=true")).AsArray();
        var acked = Assert.Single(incidents, i => i!["models"]!.AsArray().Any(m => m!.GetValue<string>() == id))!;
        Assert.Equal("dana", acked["acknowledgedBy"]!.GetValue<string>());
        Assert.NotNull(acked["milestones"]!["acknowledged"]);
        var alerts = (await GetAsync($"/api/alerts?model={id}&state=firing")).AsArray();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("dana", a!["acknowledgedBy"]!.GetValue<string>()));
        var timeline = (await GetAsync($"/api/models/{id}/timeline")).AsArray();
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "action" && e["title"]!.GetValue<string>() == "acknowledge"
            && e["detail"]!.GetValue<string>().Contains("rolling it back") && e["by"]!.GetValue<string>() == "dana");
        await Screenshots.SaveAsync(page, "alerts-acknowledged", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task Silencing_an_alert_from_the_browser_marks_it_silenced_and_the_api_lists_the_silence()
    {
        var page = await OpenAsync();
        var id = await ErroringModelAsync(page);

        await AlertRow(page, "error-rate", id).Locator("button[data-do='silence']").ClickAsync();
        var dialog = page.Locator("#alert-dialog[open]");
        await Expect(dialog.Locator("input[name=rule]")).ToHaveValueAsync("error-rate");
        await Expect(dialog.Locator("input[name=model]")).ToHaveValueAsync(id);
        await dialog.Locator("select[name=duration]").SelectOptionAsync("1h");
        await dialog.Locator("input[name=by]").FillAsync("dana");
        await dialog.Locator("textarea[name=reason]").FillAsync("known: migration in progress");
        await dialog.Locator("button[type=submit]").ClickAsync();

        await Expect(AlertRow(page, "error-rate", id)).ToHaveAttributeAsync("data-silenced", "true");
        await Expect(AlertRow(page, "model-degraded", id)).ToHaveAttributeAsync("data-silenced", "false");
        await Expect(page.Locator("#alerts .silence-list")).ToContainTextAsync($"rule=error-rate, model={id}");

        var silences = (await GetAsync("/api/silences")).AsArray();
        var silence = Assert.Single(silences, s => s!["matcher"]!["model"]?.GetValue<string>() == id)!;
        Assert.Equal("error-rate", silence["matcher"]!["rule"]!.GetValue<string>());
        Assert.Equal("known: migration in progress", silence["reason"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromHours(1), silence["until"]!.GetValue<DateTimeOffset>() - silence["createdAt"]!.GetValue<DateTimeOffset>());
        var alert = (await GetAsync($"/api/alerts?model={id}&state=firing")).AsArray().Single(a => a!["rule"]!.GetValue<string>() == "error-rate")!;
        Assert.Equal(silence["id"]!.GetValue<string>(), alert["silencedBy"]!.GetValue<string>());
        await Screenshots.SaveAsync(page, "alerts-silenced", output);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task The_model_view_shows_the_drift_table_and_the_segment_quality_the_api_reports()
    {
        var id = NewId("drift");
        await Host.RegisterAsync(id, domain: "credit");
        // 5,000 predictions fit the reference; 1,000 more with income spread four times wider fill the current hour
        // two minutes later. Two segments get labels: 90% and 60% positive, a 30-point gap.
        for (var b = 0; b < 12; b++)
        {
            var at = T0.AddSeconds(b * 10 + (b < 10 ? 0 : 120));
            var predictions = Enumerable.Range(0, 500).Select(i =>
            {
                var p = Api.Prediction(at, $"{id}-{b}-{i}");
                p["segment"] = i % 2 == 0 ? "18-24" : "55+";
                p["features"] = new JsonObject { ["income"] = 1000 + (i % 50) * (b < 10 ? 10 : 40), ["region"] = i % 3 == 0 ? "eu" : "us" };
                return p;
            }).ToList();
            var outcomes = predictions.Select((p, i) => new JsonObject
            {
                ["timestamp"] = Api.Iso(at.AddSeconds(5)), ["predictionId"] = p["predictionId"]!.GetValue<string>(),
                ["label"] = i % 2 == 0 ? (i % 20 == 0 ? 0 : 1) : (i % 5 < 2 ? 0 : 1),
            });
            var response = await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at.AddSeconds(5), predictions, outcomes)));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var model = await GetAsync($"/api/models/{id}");
        var drift = model["drift"]!;
        Assert.Equal(5000, drift["referenceRows"]!.GetValue<int>());

        var page = await OpenAsync($"#/model/{id}");
        var table = page.Locator("table.drift");
        await Expect(table.Locator("tr[data-feature='income']")).ToHaveAttributeAsync("data-drifted", "true");
        await Expect(table.Locator("tr[data-feature='income']")).ToHaveClassAsync("drifted");
        await Expect(table.Locator("tr[data-feature='income'] td.decided")).ToHaveTextAsync("wasserstein and ks");
        await Expect(table.Locator("tr[data-feature='region']")).ToHaveAttributeAsync("data-drifted", "false");
        await Expect(table.Locator("tr[data-feature='region'] td.decided")).ToHaveTextAsync("jensen_shannon and chi_square");
        foreach (var name in new[] { "psi", "ks", "ks_p_value", "jensen_shannon", "wasserstein", "hellinger", "chi_square", "chi_square_p_value" })
            await Expect(table.Locator($"th[data-stat='{name}']")).ToHaveTextAsync(name);

        // Every number the table shows is the API's, cell by cell (raw in data-value, four decimals on screen).
        var compared = 0;
        foreach (var feature in drift["features"]!.AsArray().Select(f => f!))
        {
            var row = table.Locator($"tbody tr[data-feature='{feature["feature"]!.GetValue<string>()}']");
            foreach (var (name, value) in feature["statistics"]!.AsObject().Concat(feature["dataQuality"]!.AsObject()))
            {
                var cell = row.Locator($"td[data-stat='{name}']");
                var shown = double.Parse(await cell.GetAttributeAsync("data-value") ?? "NaN", CultureInfo.InvariantCulture);
                Assert.Equal(value!.GetValue<double>(), shown);
                if (feature["statistics"]![name] is not null && Math.Abs(shown) >= 1e-4)
                    Assert.Equal(shown.ToString("F4", CultureInfo.InvariantCulture), await cell.InnerTextAsync());
                compared++;
            }
        }
        Assert.True(compared >= 16, $"only {compared} cells compared");
        Assert.Equal(drift["score"] is null ? 0 : 1, await table.Locator("tbody.score tr").CountAsync());
        var share = drift["driftedShare"]!.GetValue<double>();
        await Expect(page.Locator(".drift-share")).ToHaveAttributeAsync("data-value", share.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator(".drift-share strong")).ToHaveTextAsync($"{share * 100:F1}%");

        // Segments: the table and chart hold the API's per-segment quality, and the gap is the API's fairness gap.
        var segments = model["segments"]!.AsArray();
        Assert.Equal(2, segments.Count);
        foreach (var s in segments.Select(s => s!))
        {
            var row = page.Locator($"table.segments tr[data-segment='{s["segment"]!.GetValue<string>()}']");
            await Expect(row).ToHaveAttributeAsync("data-quality", s["quality"]!.GetValue<double>().ToString(CultureInfo.InvariantCulture));
            await Expect(row).ToHaveAttributeAsync("data-samples", s["samples"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture));
        }
        var gap = model["fairnessGap"]!.GetValue<double>();
        Assert.InRange(gap, 0.25, 0.35);
        await Expect(page.Locator(".fairness-gap")).ToHaveAttributeAsync("data-value", gap.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator(".fairness-gap")).ToContainTextAsync($"Fairness gap {gap * 100:F1} points");
        await Expect(page.Locator(".fairness-gap")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bbreached\b"));
        // The bar shown is the model's own fairness limit, from the API (the policy's, not a constant of the page).
        var limit = model["thresholds"]!["fairness"]!["value"]!.GetValue<double>();
        await Expect(page.Locator(".fairness-gap")).ToContainTextAsync($"limit: {limit * 100:F1} points, level 2 above it");
        await Expect(page.Locator("figure[data-chart='segments']")).ToHaveAttributeAsync("data-points", "2");
        await Expect(page.Locator("figure[data-chart='segments'] canvas")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "model-drift-segments", output);
        await fixture.CloseAsync(page);
    }
}
