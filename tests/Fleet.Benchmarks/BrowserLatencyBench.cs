using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Benchmarks.Http;
using Microsoft.Playwright;

namespace Fleet.Benchmarks;

/// <summary>
/// What the probes measured (sorted, ms): sent to shown, and its two parts, sent to answered (the POST) and answered to
/// shown (the push to the page); the CPU while they ran and the ingest load beside them.
/// </summary>
internal sealed record LatencyResult(int Models, IReadOnlyList<double> SortedMs, IReadOnlyList<double> SortedAnswerMs, IReadOnlyList<double> SortedPushMs,
    CpuMeter.Reading Cpu, double TargetEventsPerSecond, LoadResult Load, HostReadings Host, PageCost Page, TimeSpan ProbesTook)
{
    public int Probes => SortedMs.Count;
    public double MaxMs => SortedMs[^1];
    public double Quantile(double q) => Statistics.Percentile(SortedMs, q);
    public (double Lower, double Upper) Interval(double q) => QuantileInterval.Of(SortedMs, q);

    /// <summary>Where the time went: the POST's answer and the push after it, each at P50 and P99.</summary>
    public string Split =>
        $"sent → answered P50 {Statistics.Percentile(SortedAnswerMs, 0.5):F0} ms, P99 {Statistics.Percentile(SortedAnswerMs, 0.99):F0} ms; " +
        $"answered → shown P50 {Statistics.Percentile(SortedPushMs, 0.5):F0} ms, P99 {Statistics.Percentile(SortedPushMs, 0.99):F0} ms";
}

/// <summary>
/// Figure 4: time from a batch being sent to its effect being visible in a real browser, under ingest load. The
/// production host (<see cref="SiloProcess"/>) takes figure 1's load (batches of 1,000 over 1,000 models) paced
/// at a target rate; probe models each get a batch that moves them to level 3, one after another, and headless
/// Chromium on the live page records (MutationObserver, wall clock) when each probe's tile shows it.
/// </summary>
internal static class BrowserLatencyBench
{
    private const int LoadBatch = 1000;

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var probes = int.Parse(Option(args, "--probes", "500"), CultureInfo.InvariantCulture);
        var rate = double.Parse(Option(args, "--rate", "250000"), CultureInfo.InvariantCulture);
        var r = await UnderLoadAsync(rate, probes, TimeSpan.FromSeconds(10), "artifacts/bench/hosts.log", log);
        log.WriteLine(Machine.Describe());
        log.WriteLine(Describe(r));
        return 0;
    }

    public static string Describe(LatencyResult r)
    {
        string Q(double q)
        {
            var (lo, hi) = r.Interval(q);
            return $"{r.Quantile(q):F0} ms (95 % CI {lo:F0}–{(double.IsPositiveInfinity(hi) ? "unbounded" : hi.ToString("F0", CultureInfo.InvariantCulture))} ms)";
        }
        return $"{r.Probes} probes under {r.Load.EventsPerSecond:N0} events/s (target {r.TargetEventsPerSecond:N0}; answers {string.Join(", ", r.Load.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Value:N0}×{s.Key}"))}): " +
               $"P50 {Q(0.50)}, P99 {Q(0.99)}, P99.9 {Q(0.999)}, slowest {r.MaxMs:F0} ms; {r.Split}; server {r.Load.ServerCores:F2} cores, this process (generator + browser driver) {r.Load.GeneratorCores:F2}; " +
               r.Host.Describe(r.ProbesTook) + "; " + r.Page.Describe(r.ProbesTook);
    }

    /// <summary>
    /// Starts the production host, registers figure 1's 1,000 models and the probes, runs the paced load, lets it
    /// settle, then sends <paramref name="probes"/> probes one after another and times each until the browser shows it.
    /// </summary>
    public static async Task<LatencyResult> UnderLoadAsync(double eventsPerSecond, int probes, TimeSpan settle, string hostLog, TextWriter log)
    {
        await using var silo = await SiloProcess.StartAsync(durableLog: true, hostLog);
        using var http = silo.Client(16);
        var loadModels = HttpIngestPart.ModelIds();
        await silo.RegisterAsync(http, loadModels);
        await silo.RegisterAsync(http, Enumerable.Range(0, probes).Select(ProbeId));
        using var stopLoad = new CancellationTokenSource();
        var plan = new IngestLoad.Plan(LoadBatch, 32, loadModels, settle, TimeSpan.FromHours(1), eventsPerSecond);
        var load = IngestLoad.RunAsync(silo, plan, stopLoad.Token);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium", Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
            await page.GotoAsync(silo.BaseAddress.ToString());
            await page.Locator("#sign-in input[name=key]").FillAsync(silo.AdminKey);
            await page.Locator("#sign-in button[type=submit]").ClickAsync();
            await page.WaitForSelectorAsync($"[data-model-id='{ProbeId(probes - 1)}']", new PageWaitForSelectorOptions { Timeout = 60000 });
            await Task.Delay(settle); // the load reaches its rate before the first probe
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

            var pageCost = await PageCost.StartAsync(page);
            var meter = new CpuMeter();
            var host = new HostReadings();
            await host.SampleAsync(http);
            var probing = System.Diagnostics.Stopwatch.StartNew();
            var latencies = new List<double>();
            var answers = new List<double>();
            var pushes = new List<double>();
            for (var i = 0; i < probes; i++)
            {
                var id = ProbeId(i);
                var now = DateTimeOffset.UtcNow;
                var predictions = new JsonArray();
                for (var k = 0; k < 150; k++)
                    predictions.Add(new JsonObject { ["timestamp"] = now.ToString("O"), ["predictionId"] = $"{id}-{k}", ["score"] = 0.7, ["latencyMs"] = 2000 });
                var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                using var answer = await http.PostAsync($"/api/models/{id}/events", Json(new JsonObject { ["batchId"] = id, ["predictions"] = predictions }));
                answer.EnsureSuccessStatusCode();
                var answered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var seen = await page.WaitForFunctionAsync($"() => window.__seen['{id}']", null, new PageWaitForFunctionOptions { Timeout = 30000 });
                var shown = await seen.JsonValueAsync<double>();
                latencies.Add(shown - sent);
                answers.Add(answered - sent);
                pushes.Add(shown - answered);
                if ((i + 1) % 100 == 0) log.WriteLine($"  {i + 1} probes, slowest so far {latencies.Max():F0} ms");
                if ((i + 1) % 10 == 0) await host.SampleAsync(http); // between probes, so no probe times a scrape
                await Task.Delay(100);
            }
            var cpu = meter.Stop();
            await pageCost.StopAsync();
            latencies.Sort();
            answers.Sort();
            pushes.Sort();
            stopLoad.Cancel();
            return new LatencyResult(loadModels.Count, latencies, answers, pushes, cpu, eventsPerSecond, await load, host, pageCost, probing.Elapsed);
        }
        finally
        {
            stopLoad.Cancel();
            await load.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static string ProbeId(int i) => $"probe-{i:000}";

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
