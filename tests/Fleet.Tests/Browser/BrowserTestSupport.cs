using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Models;
using Fleet.Silo;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Fleet.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Fleet.Tests.Browser;

/// <summary>
/// The real Fleet host (<see cref="FleetHost.Build"/>) on a temp SQLite file and fixed free ports, so it
/// can be stopped and started again on the same address and data (a dropped connection, a restart).
/// </summary>
internal sealed class RestartableFleetHost : IAsyncDisposable
{
    private readonly TempSqliteFile _file = new();
    private readonly int[] _ports = FreePorts.Take(3);
    private WebApplication? _app;

    public RestartableFleetHost()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{_ports[0]}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) }.Authorized(TestKeys.Admin);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public async Task StartAsync()
    {
        var app = FleetHost.Build(
            [
                $"--urls={BaseAddress.ToString().TrimEnd('/')}",
                $"--Fleet:Storage:SqlitePath={_file.Path}",
                $"--Fleet:Silo:SiloPort={_ports[1]}",
                $"--Fleet:Silo:GatewayPort={_ports[2]}",
                "--Fleet:Demo:Enabled=false",
                "--Fleet:Dashboard:PushInterval=00:00:00.100",
                "--Fleet:Models:SummaryInterval=00:00:00.200",
                TestKeys.AdminKeyArgument,
                FleetTestHost.PastDataArgument,
            ],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                // A stop now and then waited ~16 s for open connections to drain; a dropped connection needs no drain.
                builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
                builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ModelActionsShim>();
            });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async Task RegisterAsync(string id, string domain = "recommendations", string? owner = "ana@example.com", string? team = "discovery", string? name = null)
    {
        var body = Api.Registration(domain, owner, team);
        body["name"] = name ?? $"Model {id}";
        var response = await Http.PutAsync($"/api/models/{id}", Api.Body(body));
        Assert.True(response.IsSuccessStatusCode, $"PUT {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sends predictions (and their labelled outcomes when <paramref name="labelled"/>) stamped <paramref name="at"/>.</summary>
    public async Task SendAsync(string id, DateTimeOffset at, int n, double latencyMs, bool labelled = false)
    {
        var predictions = Enumerable.Range(0, n).Select(i => Api.Prediction(at, Ev.NewId(), latencyMs, score: i % 5 == 0 ? 0.2 : 0.8)).ToList();
        var outcomes = labelled
            ? predictions.Select((p, i) => new JsonObject { ["timestamp"] = Api.Iso(at.AddSeconds(30)), ["predictionId"] = p["predictionId"]!.GetValue<string>(), ["label"] = i % 4 == 0 ? 0 : 1 }).ToList()
            : null;
        var response = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at.AddSeconds(30), predictions, outcomes)));
        Assert.True(response.IsSuccessStatusCode, $"POST events {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<int> LevelAsync(string id)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"/api/models/{id}"));
        return doc.RootElement.GetProperty("level").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        _file.Dispose();
    }
}

/// <summary>
/// Stands in for POST /api/models/{id}/actions (force-level, kill-switch, release) while this branch's
/// backend does not have it yet: it answers only when no real endpoint matched the request (a bare
/// routing 404), so once the backend maps the endpoint, the tests exercise the real one.
/// </summary>
internal sealed class ModelActionsShim : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await nextMiddleware(context);
            var path = context.Request.Path.Value ?? "";
            if (context.GetEndpoint() is not null || context.Response.StatusCode != 404 || context.Response.HasStarted
                || !HttpMethods.IsPost(context.Request.Method) || !path.StartsWith("/api/models/") || !path.EndsWith("/actions"))
                return;
            var id = Uri.UnescapeDataString(path["/api/models/".Length..^"/actions".Length]);
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var action = body?["action"]?.GetValue<string>();
            var by = body?["by"]?.GetValue<string>() ?? "";
            var reason = body?["reason"]?.GetValue<string>() ?? "";
            DegradationLevel? level = action switch
            {
                "force-level" => (DegradationLevel)(body?["level"]?.GetValue<int>() ?? 3),
                "kill-switch" => DegradationLevel.GenericFallback,
                _ => null,
            };
            if (action is not ("force-level" or "kill-switch" or "release") || by.Length == 0 || reason.Length == 0)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsJsonAsync(new { error = "action: not supported by the test shim", field = "action", reason = "not supported by the test shim" });
                return;
            }
            var grain = context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IModelGrain>(id);
            var at = (await grain.GetSnapshot())?.Watermark ?? DateTimeOffset.UtcNow;
            await grain.Force(level, by, reason, at);
            context.Response.StatusCode = 202;
        });
        next(app);
    };
}

/// <summary>Debian's Chromium (never a downloaded one), driven by Playwright; one per test class.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "fleet-chromium-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    internal RestartableFleetHost Host { get; } = new();

    public IBrowserContext Browser => _context ?? throw new InvalidOperationException("browser not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium");
        var host = Host.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Timeout = 30000,
        });
        await host;
        await SignInAsync(TestKeys.Admin);
    }

    /// <summary>Signs the browser in through the page's own form (the session cookie then serves every page).</summary>
    public async Task SignInAsync(string key)
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Host.BaseAddress.ToString());
        await page.Locator("#sign-in input[name=key]").FillAsync(key);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await page.CloseAsync();
    }

    /// <summary>Uncaught script errors of the pages opened so far (a test ends by asserting there are none).</summary>
    public List<string> PageErrors { get; } = [];

    public async Task<IPage> NewPageAsync(ITestOutputHelper output)
    {
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(15000);
        page.Console += (_, m) => { if (m.Type is "error" or "warning") output.WriteLine($"[browser {m.Type}] {m.Text}"); };
        page.PageError += (_, e) => { output.WriteLine($"[page error] {e}"); lock (PageErrors) PageErrors.Add(e); };
        return page;
    }

    /// <summary>A new page on the host's live page at <paramref name="hash"/>, once its SignalR connection is live.</summary>
    public async Task<IPage> OpenLiveAsync(ITestOutputHelper output, string hash = "")
    {
        var page = await NewPageAsync(output);
        await page.GotoAsync(new Uri(Host.BaseAddress, "/" + hash).ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    /// <summary>A model id of its own for each test, so tests sharing a host never see each other's models.</summary>
    public static string NewModelId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Closes the page and fails when any script on it threw.</summary>
    public async Task CloseAsync(IPage page)
    {
        await page.CloseAsync();
        lock (PageErrors)
        {
            Assert.True(PageErrors.Count == 0, "script errors: " + string.Join("; ", PageErrors));
        }
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.CloseAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

internal static class Screenshots
{
    /// <summary>Saves a full-page screenshot under TestResults/screenshots/ at the repository root and prints its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, ITestOutputHelper output)
    {
        var dir = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
