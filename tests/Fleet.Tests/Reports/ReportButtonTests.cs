using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Browser;
using Fleet.Tests.Core;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Reports;

/// <summary>The page's Postmortem links on an incident and on a run download the report, signed in with the page's own session.</summary>
public sealed class ReportButtonTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task An_incident_s_postmortem_link_downloads_its_html_report()
    {
        var id = ChromiumFixture.NewModelId("report");
        await fixture.Host.RegisterAsync(id, domain: "reports-" + Guid.NewGuid().ToString("N")[..6]);
        await fixture.Host.SendAsync(id, T0, 150, latencyMs: 900);
        var incident = (await Api.ReadJsonAsync(await fixture.Host.Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray()
            .Single(a => a!["rule"]!.GetValue<string>() == "model-degraded")!["incidentId"]!.GetValue<string>();

        var page = await fixture.OpenLiveAsync(output);
        var link = page.Locator($"#alerts [data-incident-id='{incident}'] a[data-do=report]");
        await Expect(link).ToHaveAttributeAsync("href", $"/api/incidents/{incident}/report?format=html");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal($"postmortem-{incident}.html", download.SuggestedFilename);
        var html = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"Postmortem: incident {incident}", html);
        Assert.Contains($"data-model=\"{id}\"", html);
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_run_s_postmortem_link_downloads_its_html_report()
    {
        var started = await fixture.Host.Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = "label-delay", ["speed"] = 0 }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var run = (await Api.ReadJsonAsync(started))["id"]!.GetValue<string>();

        var page = await fixture.OpenLiveAsync(output, "#/runs");
        var link = page.Locator($"table.runs tr[data-run-id='{run}'] a[data-do=report]");
        await Expect(link).ToHaveAttributeAsync("href", $"/api/runs/{run}/report?format=html");
        await Expect(page.Locator($"table.runs tr[data-run-id='{run}'] a[data-do=report-md]")).ToHaveAttributeAsync("href", $"/api/runs/{run}/report?format=md");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var html = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains($"Postmortem: run {run}", html);
        await fixture.Host.Http.PostAsync($"/api/runs/{run}/stop", null);
        await fixture.CloseAsync(page);
    }
}
