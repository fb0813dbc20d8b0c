using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fleet.Silo.Storage.BatchLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Benchmarks;

/// <summary>
/// `ingest-http`: what the batch log costs a sender. The real Fleet host (API + silo, SQLite on a temp file) is
/// started once with the log (Fleet:Models:DurableAck=true, the default) and once without it, and for each batch
/// size HTTP POSTs of new batches are timed: one sender alone (the latency a sender sees), then many senders over
/// several models (the throughput, where concurrent appends share group commits). Same machine, same storage kind,
/// same client in the same process for both.
/// </summary>
internal static class IngestHttpBench
{
    private sealed record Result(string Log, int BatchSize, int Senders, double[] Latencies, double Seconds, double AppendsPerCommit)
    {
        public int Samples => Latencies.Length;
        public double P50Ms => Quantile(Latencies, 0.5);
        public double P99Ms => Quantile(Latencies, 0.99);
    }

    private static Result Combine(IReadOnlyList<Result> rounds) => new(rounds[0].Log, rounds[0].BatchSize, rounds[0].Senders,
        rounds.SelectMany(r => r.Latencies).Order().ToArray(), rounds.Sum(r => r.Seconds), rounds.Average(r => r.AppendsPerCommit));

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var sizes = Option(args, "--sizes", "10,100").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var seconds = double.Parse(Option(args, "--seconds", "8"), CultureInfo.InvariantCulture);
        var models = int.Parse(Option(args, "--models", "32"), CultureInfo.InvariantCulture);
        var senders = int.Parse(Option(args, "--senders", "32"), CultureInfo.InvariantCulture);
        log.WriteLine(Machine.Describe());
        log.WriteLine($"ingest-http ({string.Join(" ", args)}): POST /api/models/{{id}}/events, new batches of predictions (4 features each), SQLite; " +
                      $"{seconds:0.#} s measured per round after 1 s of warm-up, rounds alternating log off / on with SQLite synchronous=FULL (the default) / on with NORMAL; 1 sender on 1 model, then {senders} senders over {models} models");
        var rounds = int.Parse(Option(args, "--rounds", "2"), CultureInfo.InvariantCulture);
        // Both hosts run side by side and the rows alternate (off, on, off, on…), so other load on the machine
        // falls on both alike.
        string[] logs = ["off", "FULL", "NORMAL"];
        var hosts = new Dictionary<string, BenchHost>();
        foreach (var mode in logs) hosts[mode] = await BenchHost.StartAsync(mode);
        var results = new List<Result>();
        try
        {
            foreach (var size in sizes)
            foreach (var n in new[] { 1, senders })
            {
                var rows = new List<Result>();
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var mode in logs) rows.Add(await MeasureAsync(hosts[mode], mode, size, n, n == 1 ? 1 : models, seconds));
                }
                results.AddRange(logs.Select(mode => Combine(rows.Where(r => r.Log == mode).ToList())));
            }
        }
        finally
        {
            foreach (var host in hosts.Values) await host.DisposeAsync();
        }
        log.WriteLine("| log | batch | senders | samples (batches) | batches/s | events/s | P50 ms | P99 ms | appends per commit |");
        log.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            log.WriteLine($"| {r.Log} | {r.BatchSize} | {r.Senders} | {r.Samples:N0} | {r.Samples / r.Seconds:N0} | {r.Samples * r.BatchSize / r.Seconds:N0} | " +
                          $"{r.P50Ms:F2} | {r.P99Ms:F2} | {(r.Log == "off" ? "–" : r.AppendsPerCommit.ToString("F1", CultureInfo.InvariantCulture))} |");
        foreach (var size in sizes)
        foreach (var n in new[] { 1, senders })
        {
            var without = results.Single(r => r.Log == "off" && r.BatchSize == size && r.Senders == n);
            foreach (var with in results.Where(r => r.Log != "off" && r.BatchSize == size && r.Senders == n))
                log.WriteLine($"batch {size}, {n} sender(s), log {with.Log}: {with.P50Ms - without.P50Ms:+0.00;-0.00} ms at P50, {with.P99Ms - without.P99Ms:+0.00;-0.00} ms at P99, " +
                              $"throughput x{with.Samples / with.Seconds / (without.Samples / without.Seconds):F2}");
        }
        return 0;
    }

    private static async Task<Result> MeasureAsync(BenchHost host, string mode, int size, int senders, int models, double seconds)
    {
        var durable = mode != "off";
        var ids = Enumerable.Range(0, models).Select(i => $"bench-{size}-{senders}-{i}").ToArray();
        // Re-registering a model of an earlier round is an update: its windows keep counting.
        foreach (var id in ids)
        {
            using var put = await host.Http.PutAsync($"/api/models/{id}", Body("""{"domain": "credit", "owner": "bench"}"""));
            put.EnsureSuccessStatusCode();
        }
        var (commitsBefore, writesBefore) = durable ? host.CommitCounts : (0, 0);
        var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 1.0);
        var stopAt = warmUntil + (long)(Stopwatch.Frequency * seconds);
        var samples = new List<double>[senders];
        (long Commits, long Writes)? atWarm = null;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            var mine = samples[s] = [];
            var model = ids[s % ids.Length];
            for (var k = 0; ; k++)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= stopAt) return;
                using var response = await host.Http.PostAsync($"/api/models/{model}/events", Body(Batch(size, $"{s}-{k}")));
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
                if (start >= warmUntil) mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                else if (s == 0 && durable) atWarm = host.CommitCounts;
            }
        })));
        var (commits, writes) = durable ? host.CommitCounts : (0, 0);
        var from = atWarm ?? (commitsBefore, writesBefore);
        var all = samples.SelectMany(x => x).Order().ToArray();
        return new Result(mode, size, senders, all, seconds,
            commits > from.Commits ? (double)(writes - from.Writes) / (commits - from.Commits) : 0);
    }

    private static string Batch(int size, string key)
    {
        var now = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var json = new StringBuilder(200 * size).Append($$"""{"batchId":"b-{{key}}-{{Guid.NewGuid():N}}","predictions":[""");
        for (var i = 0; i < size; i++)
        {
            if (i > 0) json.Append(',');
            json.Append($$"""{"timestamp":"{{now}}","predictionId":"p-{{key}}-{{i}}-{{Guid.NewGuid():N}}","segment":"18-24","features":{"age":{{20 + i % 50}},"income":{{30000 + i}},"region":"EU","device":"mobile"},"score":0.{{(i * 37) % 100:00}},"latencyMs":{{20 + i % 30}}.5,"servedLevel":1,"fallback":false,"error":false,"timeout":false}""");
        }
        return json.Append("""],"outcomes":[]}""").ToString();
    }

    private static double Quantile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>The real Fleet host on a temp SQLite file: no batch log on acknowledgements ("off"), or the log with SQLite synchronous FULL or NORMAL.</summary>
    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _directory;

        private BenchHost(WebApplication app, string directory, int port)
        {
            _app = app;
            _directory = directory;
            Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        }

        /// <summary>The host's first admin key (every route needs a key).</summary>
        private static readonly string AdminKey = Fleet.Dashboard.Security.ApiKeySecret.NewKey();

        public HttpClient Http { get; }

        public (long Commits, long Writes) CommitCounts => _app.Services.GetRequiredService<SqlBatchLog>().CommitCounts;

        public static async Task<BenchHost> StartAsync(string log)
        {
            var directory = Directory.CreateTempSubdirectory("fleet-ingest-http-").FullName;
            var port = FreePort();
            var app = Fleet.Silo.FleetHost.Build([
                $"--urls=http://127.0.0.1:{port}", $"--Fleet:Storage:SqlitePath={Path.Combine(directory, "fleet.db")}",
                $"--Fleet:Silo:SiloPort={FreePort()}", $"--Fleet:Silo:GatewayPort={FreePort()}", "--Fleet:Demo:Enabled=false",
                $"--Fleet:Models:DurableAck={log != "off"}", $"--Fleet:Storage:SqliteSynchronous={(log == "NORMAL" ? "Normal" : "Full")}",
                "--Logging:LogLevel:Default=Warning", $"--Fleet:Auth:AdminKey={AdminKey}",
                // The bench measures the ingest path's capacity, not the rate limit per key.
                "--Fleet:Limits:RequestsPerSecond=1000000", "--Fleet:Limits:Burst=1000000"]);
            await app.StartAsync();
            return new BenchHost(app, directory, port);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
