using System.Net;
using System.Text.RegularExpressions;
using Fleet.Dashboard.Reports.Sections;
using System.Text.Json.Nodes;
using Fleet.Tests.Browser;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;
using static Fleet.Tests.Reports.ReportAssertions;

namespace Fleet.Tests.Reports;

/// <summary>
/// Reports through the real host: a run's report over HTTP and through `fleet report`, its HTML opened offline in
/// headless Chromium, and the report of a live incident, which has no simulator truth to tell.
/// </summary>
public sealed class ReportApiTests(ReportHostFixture fixture, ITestOutputHelper output) : IClassFixture<ReportHostFixture>
{
    private Task<CliResult> Cli(params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);

    [Fact]
    public async Task A_run_s_report_is_the_same_markdown_each_time_and_holds_the_summary_s_numbers()
    {
        var first = await fixture.Http.GetAsync($"/api/runs/{fixture.RunId}/report?format=md");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/markdown", first.Content.Headers.ContentType!.MediaType);
        var markdown = await first.Content.ReadAsStringAsync();
        Assert.Equal(markdown, await fixture.Http.GetStringAsync($"/api/runs/{fixture.RunId}/report"));

        var summary = await Api.ReadJsonAsync(await fixture.Http.GetAsync($"/api/runs/{fixture.RunId}/summary"));
        Assert.Equal(summary["transitions"]!.AsArray().Count, Figure(markdown, "level transitions"));
        Assert.Equal(summary["models"]!.GetValue<long>(), Figure(markdown, "models in the run"));
        Assert.Equal(summary["events"]!.GetValue<long>(), Figure(markdown, "events generated"));
        Assert.Contains("Injection profile-outage starts: upstream-outage", markdown);
        Assert.Contains("INC-0001 detected:", markdown);
        Assert.Contains("first breach: level 1 full AI -> 3 rules-based fallback", markdown);
        // The run has ended: the simulator's truth it journaled then is in the impact.
        Assert.Matches($@"\| {Regex.Escape(ImpactSection.UsersAffected)} \| [0-9,]+ of [0-9,]+ \|", markdown);

        var cli = await Cli("report", fixture.RunId);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(markdown.TrimEnd('\n'), cli.Output.TrimEnd('\n').ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_html_report_opens_offline_in_chromium_with_its_charts_no_console_error_and_no_request()
    {
        var answer = await fixture.Http.GetAsync($"/api/runs/{fixture.RunId}/report?format=html");
        Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("default-src 'none'", answer.Headers.GetValues("Content-Security-Policy").Single());
        var html = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);

        var file = Path.Combine(Path.GetTempPath(), $"fleet-report-{Guid.NewGuid():N}.html");
        try
        {
            var cli = await Cli("report", fixture.RunId, "--format", "html", "--out", file);
            Assert.Equal(0, cli.ExitCode);
            Assert.Equal(html, await File.ReadAllTextAsync(file));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFixture.ExecutablePath, Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, m) => { if (m.Type is "error" or "warning") problems.Add($"{m.Type}: {m.Text}"); };
            page.PageError += (_, e) => problems.Add("page error: " + e);
            page.Request += (_, r) => requests.Add(r.Url);
            var url = new Uri(file).AbsoluteUri;
            await page.GotoAsync(url);

            var charts = page.Locator("svg.model-chart");
            Assert.InRange(await charts.CountAsync(), 1, 6);
            foreach (var series in new[] { "quality", "latency P95 (ms)", "error rate", "fallback rate", "level" })
                Assert.Equal(await charts.CountAsync(), await page.Locator($"svg.model-chart g[data-series='{series}']").CountAsync());
            Assert.True(await page.Locator("svg.model-chart path.level").CountAsync() > 0, "no level steps drawn");
            Assert.True(await page.Locator("svg.model-chart rect.band").CountAsync() > 0, "no alert band drawn");
            Assert.True(await page.Locator("svg.model-chart polyline.line").CountAsync() > 0, "no metric line drawn");
            Assert.True(await page.Locator("#timeline table.timeline tbody tr").CountAsync() > 10);
            await page.Locator("#timeline a[href='#e1']").ClickAsync();
            Assert.EndsWith("#e1", page.Url);
            await Screenshots.SaveAsync(page, "report-upstream-outage", output);
            var chartShot = Path.Combine(Path.GetDirectoryName(SavedReports.Save("http-" + ReportHostFixture.Scenario, await fixture.Http.GetStringAsync($"/api/runs/{fixture.RunId}/report"), html))!,
                "report-upstream-outage-chart.png");
            await page.Locator("figure.chart").First.ScreenshotAsync(new LocatorScreenshotOptions { Path = chartShot });
            output.WriteLine($"chart: {chartShot}");

            Assert.Empty(problems);
            Assert.All(requests, r => Assert.StartsWith(url, r));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Refusals_name_the_field()
    {
        await AssertRefused(await fixture.Http.GetAsync($"/api/runs/{fixture.RunId}/report?format=pdf"), HttpStatusCode.BadRequest, "format");
        await AssertRefused(await fixture.Http.GetAsync("/api/runs/no-such-run/report"), HttpStatusCode.NotFound, "id");
        await AssertRefused(await fixture.Http.GetAsync("/api/incidents/INC-9999/report"), HttpStatusCode.NotFound, "id");
        await AssertRefused(await fixture.Http.GetAsync("/api/incidents/INC-0001/report?world=no-such-world"), HttpStatusCode.NotFound, "world");
        var cli = await Cli("report", fixture.RunId, "--format", "pdf");
        Assert.Equal(2, cli.ExitCode);
    }

    [Fact]
    public async Task A_live_incident_s_report_says_only_what_the_evidence_shows()
    {
        var id = Ev.NewId("live-report");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "fraud", owner: null, team: "risk")))).StatusCode);
        await fixture.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(150, T0, latencyMs: 900))));
        var alert = (await Api.ReadJsonAsync(await fixture.Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray()
            .Single(a => a!["rule"]!.GetValue<string>() == "model-degraded")!;
        var incident = alert["incidentId"]!.GetValue<string>();
        var ack = await fixture.Http.PostAsync($"/api/incidents/{incident}/ack", Api.Body(new JsonObject { ["by"] = "dana", ["reason"] = "index <b>rebuilt</b> | slow" }));
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);

        var markdown = await fixture.Http.GetStringAsync($"/api/incidents/{incident}/report");
        var html = await fixture.Http.GetStringAsync($"/api/incidents/{incident}/report?format=html");
        output.WriteLine(markdown);
        foreach (var report in new[] { markdown, html })
        {
            Assert.DoesNotMatch(@"(?i)\b(inject|simulat|scenario|seed|digest|fault|run journal)", report);
            Assert.Contains(incident, report);
            Assert.Contains(id, report);
            Assert.Contains("latency P95", report);
            Assert.Contains("model-degraded", report);
        }
        Assert.Contains($"{id} first breach: level 1 full AI -> 3 rules-based fallback", markdown);
        Assert.Contains($"{incident} acknowledged by dana", markdown);
        Assert.Contains(@"index \<b>rebuilt\</b> \| slow", markdown);
        Assert.Contains("index &lt;b&gt;rebuilt&lt;/b&gt; | slow", html);
        Assert.DoesNotContain("<b>rebuilt", html);
        Assert.Contains($"| users affected | {ImpactSection.LiveUsers} |", markdown);
        // The rules that should have caught the breach are the catalogue's on latency and on the level (ExpectedRules).
        var expected = markdown.Split('\n').Single(l => l.StartsWith($"- first breach, {id} at ", StringComparison.Ordinal));
        Assert.Contains("model-degraded active at", expected);
        Assert.Contains("latency-budget", expected);
        Assert.Contains("latency-detector", expected);
        Assert.DoesNotContain("error-rate", expected);
        Assert.Contains("| no-owner | 1 |", markdown);
        Assert.Contains("Name an accountable owner for " + id, markdown);

        var cli = await Cli("report", incident);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(markdown.TrimEnd('\n'), cli.Output.TrimEnd('\n').ReplaceLineEndings("\n"));
    }

    private static async Task AssertRefused(HttpResponseMessage answer, HttpStatusCode status, string field)
    {
        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(field, (await Api.ReadJsonAsync(answer))["field"]!.GetValue<string>());
    }
}
