using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Metrics;

/// <summary>
/// Logs as the silo ships them: one start-up line naming the page and the database, nothing at Information for a
/// request, and JSON lines on the console with --Logging:Console:FormatterName=json.
/// </summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Start_up_names_the_page_and_the_database_and_requests_log_nothing_at_information()
    {
        await using var host = await MetricsHost.StartAsync();
        var startup = host.Logs.Entries.Where(e => e.Category == "Fleet" && e.Level == LogLevel.Information).ToList();
        Assert.Single(startup);
        Assert.Contains(host.Address.ToString(), startup[0].Message);
        Assert.Contains(host.SqlitePath, startup[0].Message);
        var before = host.Logs.Entries.Count;

        var id = Ev.NewId("quiet");
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(now, Api.Predictions(5, now))))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.PostAsync($"/api/models/{id}/events", Api.Body("{"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/models/nobody-here")).StatusCode);
        foreach (var path in new[] { "/api/fleet", $"/api/models/{id}", "/api/alerts", "/metrics", "/healthz" })
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(path)).StatusCode);
        // The registry's line and the checkpoint follow within half a second on this host: let them happen too.
        await Task.Delay(1000);

        var logged = host.Logs.Entries.Skip(before).Where(e => e.Level == LogLevel.Information).ToList();
        Assert.True(logged.Count == 0, "logged at Information: " + string.Join("\n", logged.Select(e => $"{e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task The_silo_writes_json_lines_when_asked_and_its_start_up_line_among_them()
    {
        var config = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var silo = Repo.PathOf("Silo", "bin", config, "net10.0", "Fleet.Silo.dll");
        Assert.True(File.Exists(silo), $"{silo} is not built");
        using var file = new TempSqliteFile();
        var ports = FreePorts.Take(3);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                silo, $"--urls=http://127.0.0.1:{ports[0]}", $"--Fleet:Storage:SqlitePath={file.Path}", $"--Fleet:Silo:SiloPort={ports[1]}",
                $"--Fleet:Silo:GatewayPort={ports[2]}", "--Fleet:Demo:Enabled=false", "--Logging:Console:FormatterName=json",
            },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Fleet is up", StringComparison.Ordinal)) break;
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.NotEmpty(lines);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var up = entries[^1];
        Assert.Equal("Fleet", up.GetProperty("Category").GetString());
        Assert.Equal("Information", up.GetProperty("LogLevel").GetString());
        Assert.Contains($"http://127.0.0.1:{ports[0]}/", up.GetProperty("Message").GetString());
        Assert.Contains(file.Path, up.GetProperty("Message").GetString());
    }
}
