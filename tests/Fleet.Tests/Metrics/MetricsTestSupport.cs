using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Silo;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Fleet.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Metrics;

/// <summary>One line of a Prometheus text scrape: the series' name, its labels and its value.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? this[string label] => Labels.GetValueOrDefault(label);
}

/// <summary>Reads Prometheus' text format (version 0.0.4) the way a scraper does: comments skipped, labels unescaped.</summary>
internal static partial class PrometheusText
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex Line();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex Label();

    public static IReadOnlyList<Sample> Parse(string text) => text.Split('\n')
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => Line().Match(l) is { Success: true } m ? m : throw new FormatException($"not a sample line: {l}"))
        .Select(m => new Sample(m.Groups["name"].Value,
            Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value,
                l => l.Groups["value"].Value.Replace("\\\"", "\"").Replace("\\n", "\n").Replace("\\\\", "\\")),
            double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
        .ToList();
}

/// <summary>Debian's promtool, installed by scripts/ensure-promtool.sh (test.sh calls it).</summary>
internal static class Promtool
{
    public static (int ExitCode, string Output) Run(string arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            RedirectStandardInput = stdin is not null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start: run scripts/ensure-promtool.sh");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) throw new TimeoutException($"promtool {arguments} ran over a minute");
        return (process.ExitCode, output.Result + error.Result);
    }
}

/// <summary>The repository's root, found from the test binaries (tests/Fleet.Tests/bin/...).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Fleet.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Every log entry the host writes, with its category and level, as its providers would receive it.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

/// <summary>
/// The real Fleet host (<see cref="FleetHost.Build"/>) on its own SQLite file and loopback ports, without the demo,
/// with the logging it ships with (no minimum level set by the test) captured, and registry lines and checkpoints
/// refreshed quickly so a scrape sees a batch within a second.
/// </summary>
internal sealed class MetricsHost : IAsyncDisposable
{
    private readonly TempSqliteFile _file;
    private readonly WebApplication _app;

    private MetricsHost(TempSqliteFile file, WebApplication app, Uri address, CapturedLogs logs)
    {
        _file = file;
        _app = app;
        Address = address;
        Logs = logs;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }.Authorized(TestKeys.Admin);
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs { get; }

    public string SqlitePath => _file.Path;

    public IServiceProvider Services => _app.Services;

    public static async Task<MetricsHost> StartAsync(params string[] extraArgs)
    {
        var file = new TempSqliteFile();
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        var logs = new CapturedLogs();
        var app = FleetHost.Build(
            [
                $"--urls={url}",
                $"--Fleet:Storage:SqlitePath={file.Path}",
                $"--Fleet:Silo:SiloPort={ports[1]}",
                $"--Fleet:Silo:GatewayPort={ports[2]}",
                "--Fleet:Demo:Enabled=false",
                "--Fleet:Models:SummaryInterval=00:00:00.200",
                "--Fleet:Models:CheckpointInterval=00:00:00.500",
                TestKeys.AdminKeyArgument,
                FleetTestHost.PastDataArgument,
                .. extraArgs,
            ],
            builder => builder.Logging.AddProvider(logs));
        await app.StartAsync();
        return new MetricsHost(file, app, new Uri(url), logs);
    }

    public async Task<string> ScrapeTextAsync()
    {
        var response = await Http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<IReadOnlyList<Sample>> ScrapeAsync() => PrometheusText.Parse(await ScrapeTextAsync());

    /// <summary>Scrapes until <paramref name="ready"/> holds (registry lines trail a batch by up to the summary interval).</summary>
    public async Task<IReadOnlyList<Sample>> ScrapeUntilAsync(Func<IReadOnlyList<Sample>, bool> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var samples = await ScrapeAsync();
            if (ready(samples)) return samples;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the scrape never showed {what}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _file.Dispose();
    }
}

internal static class Samples
{
    public static Sample? One(this IEnumerable<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.SingleOrDefault(s => s.Name == name && labels.All(l => s[l.Key] == l.Value));

    public static double Value(this IEnumerable<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.One(name, labels)?.Value ?? throw new KeyNotFoundException($"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} is not in the scrape");

    /// <summary>The value, or 0 when the series is absent (a counter never incremented is not written).</summary>
    public static double ValueOrZero(this IEnumerable<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.One(name, labels)?.Value ?? 0;
}
