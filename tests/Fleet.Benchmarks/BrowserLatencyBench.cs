using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Fleet.Benchmarks;

internal sealed record LatencyResult(int Models, int Probes, double P50Ms, double P99Ms, double MaxMs, CpuMeter.Reading Cpu, string LoadRun);

/// <summary>
/// `latency`: time from a batch being ingested to its effect being visible in a real browser. A Fleet host
/// runs a simulated fleet (default 1,000 models at 1 prediction/s each, at 1x) as load; probe models get a
/// batch that moves them to level 3, and headless Chromium on the live page records (MutationObserver,
/// wall clock) when each probe's tile shows it. Prints P50 / P99 / max over the probes.
/// </summary>
internal static class BrowserLatencyBench
{
    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var models = int.Parse(Option(args, "--models", "1000"), CultureInfo.InvariantCulture);
        var probes = int.Parse(Option(args, "--probes", "40"), CultureInfo.InvariantCulture);
        var r = await MeasureAsync(models, probes, TimeSpan.FromSeconds(15));
        log.WriteLine(Machine.Describe());
        log.WriteLine($"latency: {models:N0} simulated models at 1 prediction/s (1x) as load, {probes} probes; ingest (POST sent) -> tile shows level 3 in headless Chromium");
        log.WriteLine($"| models | probes | P50 ms | P99 ms | max ms | other processes, cores |");
        log.WriteLine($"| ---: | ---: | ---: | ---: | ---: | ---: |");
        log.WriteLine($"| {models:N0} | {probes} | {r.P50Ms:F0} | {r.P99Ms:F0} | {r.MaxMs:F0} | {r.Cpu.OtherCores:F2} |");
        log.WriteLine($"load run at the end: {r.LoadRun}");
        return 0;
    }

    /// <summary>
    /// Starts a Fleet host with <paramref name="models"/> simulated models as load, waits <paramref name="settle"/>,
    /// then sends <paramref name="probes"/> probes one after another and times each until the browser shows it.
    /// </summary>
    public static async Task<LatencyResult> MeasureAsync(int models, int probes, TimeSpan settle)
    {
        var port = FreePort();
        var db = Path.Combine(Path.GetTempPath(), $"fleet-latency-{Guid.NewGuid():N}.db");
        var key = Fleet.Dashboard.Security.ApiKeySecret.NewKey();
        var app = Fleet.Silo.FleetHost.Build([$"--Fleet:Auth:AdminKey={key}",
            $"--urls=http://127.0.0.1:{port}", $"--Fleet:Storage:SqlitePath={db}", $"--Fleet:Silo:SiloPort={FreePort()}",
            $"--Fleet:Silo:GatewayPort={FreePort()}", "--Fleet:Demo:Enabled=false", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        string? runId = null;
        try
        {
            var load = string.Join("\n", "name: latency-load", "duration: 2h", "tick: 10s", "fleet:",
                $"  - {{ domain: fraud, count: {models / 2} }}", $"  - {{ domain: recommendations, count: {models - models / 2} }}",
                "traffic: { rate: 1, shape: flat, labelDelay: 2m }");
            var started = await http.PostAsync("/api/runs", Json(new JsonObject { ["scenario"] = load, ["speed"] = 1 }));
            if (!started.IsSuccessStatusCode) throw new InvalidOperationException(await started.Content.ReadAsStringAsync());
            runId = JsonNode.Parse(await started.Content.ReadAsStringAsync())?["id"]?.GetValue<string>();
            for (var i = 0; i < probes; i++)
                await http.PutAsync($"/api/models/probe-{i:000}", Json(new JsonObject { ["domain"] = "credit", ["owner"] = "bench" }));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium", Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
            await page.GotoAsync(http.BaseAddress!.ToString());
            await page.Locator("#sign-in input[name=key]").FillAsync(key);
            await page.Locator("#sign-in button[type=submit]").ClickAsync();
            await page.WaitForSelectorAsync($"[data-model-id='probe-{probes - 1:000}']", new PageWaitForSelectorOptions { Timeout = 60000 });
            await Task.Delay(settle); // let the load's first ticks settle
            await page.EvaluateAsync("""
                () => {
                  window.__seen = {};
                  new MutationObserver(changes => {
                    for (const c of changes) {
                      const el = c.target;
                      if (el.dataset && el.dataset.modelId && el.dataset.modelId.startsWith('probe-') && el.dataset.level === '3' && !(el.dataset.modelId in window.__seen))
                        window.__seen[el.dataset.modelId] = Date.now();
                    }
                  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-level'] });
                }
                """);

            var meter = new CpuMeter();
            var latencies = new List<double>();
            for (var i = 0; i < probes; i++)
            {
                var id = $"probe-{i:000}";
                var now = DateTimeOffset.UtcNow;
                var predictions = new JsonArray();
                for (var k = 0; k < 150; k++)
                    predictions.Add(new JsonObject { ["timestamp"] = now.ToString("O"), ["predictionId"] = $"{id}-{k}", ["score"] = 0.7, ["latencyMs"] = 2000 });
                var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var answer = await http.PostAsync($"/api/models/{id}/events", Json(new JsonObject { ["batchId"] = id, ["predictions"] = predictions }));
                answer.EnsureSuccessStatusCode();
                var seen = await page.WaitForFunctionAsync($"() => window.__seen['{id}']", null, new PageWaitForFunctionOptions { Timeout = 30000 });
                latencies.Add((await seen.JsonValueAsync<double>()) - sent);
                await Task.Delay(500);
            }
            var cpu = meter.Stop();
            latencies.Sort();
            var status = await http.GetStringAsync("/api/runs");
            return new LatencyResult(models, probes, Statistics.Percentile(latencies, 0.50), Statistics.Percentile(latencies, 0.99), latencies[^1], cpu, status);
        }
        finally
        {
            // Stop the load first: a run still ingesting while the silo stops logs every failed call.
            if (runId is not null) await http.PostAsync($"/api/runs/{runId}/stop", null);
            await app.StopAsync();
            await app.DisposeAsync();
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(db) + "*")) File.Delete(f);
        }
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
