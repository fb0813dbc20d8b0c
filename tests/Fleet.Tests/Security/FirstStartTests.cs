using System.Net;
using System.Text.RegularExpressions;
using Fleet.Silo;
using Fleet.Silo.Security;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Security;

/// <summary>The safe default of `dotnet run --project Silo`: a new database gets an admin key, shown once, that signs the page in.</summary>
public sealed partial class FirstStartTests
{
    [GeneratedRegex(@"fleet_[A-Za-z0-9_-]{43}")]
    private static partial Regex PrintedKey();

    [Fact]
    public async Task A_first_start_prints_an_admin_key_once_and_the_page_signs_in_with_it()
    {
        using var file = new TempSqliteFile();
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";

        var first = new StringWriter();
        await using (var app = await StartAsync(file, ports, first))
        {
            var key = Assert.Single(PrintedKey().Matches(first.ToString()).Select(m => m.Value).Distinct());
            using var admin = KeyApi.Client(new Uri(url), key);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/keys")).StatusCode);
            using var page = new CookieSession(new Uri(url));
            await page.SignInAsync(key);
            var me = await Api.ReadJsonAsync(await page.Http.GetAsync("/api/session"));
            Assert.Contains("admin", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        }

        var second = new StringWriter();
        await using (var app = await StartAsync(file, ports, second))
        {
            Assert.DoesNotContain("fleet_", second.ToString()); // shown only once
        }
    }

    private static async Task<AsyncApp> StartAsync(TempSqliteFile file, int[] ports, StringWriter console)
    {
        var app = FleetHost.Build(
            [
                $"--urls=http://127.0.0.1:{ports[0]}",
                $"--Fleet:Storage:SqlitePath={file.Path}",
                $"--Fleet:Silo:SiloPort={ports[1]}",
                $"--Fleet:Silo:GatewayPort={ports[2]}",
                "--Fleet:Demo:Enabled=false",
            ],
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton(new OperatorConsole(console));
            });
        await app.StartAsync();
        return new AsyncApp(app);
    }

    private sealed class AsyncApp(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
