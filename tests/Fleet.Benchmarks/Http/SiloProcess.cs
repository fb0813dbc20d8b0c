using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Benchmarks.Http;

/// <summary>
/// The real Fleet host (API + silo) in a process of its own, as an operator runs it: SQLite on a temp file, the
/// storage serializer, the durable batch log, checkpoints on their default interval, API-key authentication. The
/// benchmark's own process is then the load generator alone, so the two CPU figures are apart.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The argument that makes the benchmark executable run the host instead (see Program.cs).</summary>
    public const string HostCommand = "host";

    private readonly Process _process;
    private readonly Launch _launch;
    // A restarted host's successor takes the directory: only the last one deletes it.
    private bool _ownsDirectory = true;

    /// <summary>What a host was started with, so a crashed one starts again on the same database.</summary>
    private sealed record Launch(string Directory, bool DurableLog, string HostLog, string Key, IReadOnlyList<string> Settings);

    private SiloProcess(Process process, Launch launch, Uri baseAddress)
    {
        _process = process;
        _launch = launch;
        BaseAddress = baseAddress;
        AdminKey = launch.Key;
    }

    public Uri BaseAddress { get; }
    public string AdminKey { get; }
    public int ProcessId => _process.Id;

    /// <summary>CPU time the host process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the host. <paramref name="durableLog"/> false is the log's documented speed option
    /// (Fleet:Models:DurableAck=false); <paramref name="settings"/> are more "--Key=value" arguments. The per-key rate
    /// limit is lifted: the benchmark measures capacity, and the default limit (1,000 requests/s a key) would cap batch 1
    /// at 1,000 events/s a key with 429s.
    /// </summary>
    public static Task<SiloProcess> StartAsync(bool durableLog, string hostLog, IReadOnlyList<string>? settings = null) =>
        LaunchAsync(new Launch(Directory.CreateTempSubdirectory("fleet-bench-silo-").FullName, durableLog, hostLog,
            Fleet.Dashboard.Security.ApiKeySecret.NewKey(), settings ?? []));

    /// <summary>Kills the host at once: SIGKILL, no shutdown, no last checkpoint. <see cref="RestartAsync"/> starts its successor.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Starts another host on this one's database, settings and key, on fresh ports; returns it once it answers /healthz.
    /// The directory is then the new host's to delete (this one's, should the start fail).
    /// </summary>
    public async Task<SiloProcess> RestartAsync()
    {
        var next = await LaunchAsync(_launch);
        _ownsDirectory = false;
        return next;
    }

    /// <summary>The host's SQLite database, for reading what it left on disk (open it read-only while a host runs).</summary>
    public string DatabasePath => Path.Combine(_launch.Directory, "fleet.db");

    private static async Task<SiloProcess> LaunchAsync(Launch launch)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet Fleet.Benchmarks.dll` the process path is dotnet itself: name the assembly.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(SiloProcess).Assembly.Location);
        foreach (var a in new[]
                 {
                     HostCommand, $"--urls=http://127.0.0.1:{port}", $"--Fleet:Storage:SqlitePath={Path.Combine(launch.Directory, "fleet.db")}",
                     $"--Fleet:Silo:SiloPort={FreePort()}", $"--Fleet:Silo:GatewayPort={FreePort()}", "--Fleet:Demo:Enabled=false",
                     $"--Fleet:Models:DurableAck={launch.DurableLog}", "--Logging:LogLevel:Default=Warning", $"--Fleet:Auth:AdminKey={launch.Key}",
                     "--Fleet:Limits:RequestsPerSecond=100000000", "--Fleet:Limits:Burst=100000000",
                 }.Concat(launch.Settings))
            start.ArgumentList.Add(a);
        var hostLog = launch.HostLog;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the host process did not start");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(hostLog))!);
        var logFile = new StreamWriter(hostLog, append: true) { AutoFlush = true };
        var sink = TextWriter.Synchronized(logFile);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) sink.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) sink.WriteLine(e.Data); };
        process.Exited += (_, _) => sink.Flush();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, launch, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the host exited with {process.ExitCode} before answering (see {hostLog})");
            try
            {
                if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode) return silo;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"the host did not answer /healthz within 2 minutes (see {hostLog})");
            await Task.Delay(50); // fine enough to time a restart
        }
    }

    /// <summary>A client for this host, signed in with its admin key, allowing <paramref name="connections"/> connections.</summary>
    public HttpClient Client(int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromMinutes(2),
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey) },
        };

    /// <summary>Registers models <paramref name="ids"/> (16 at a time).</summary>
    public async Task RegisterAsync(HttpClient http, IEnumerable<string> ids, string domain = "credit")
    {
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            using var body = new StringContent($$"""{"domain": "{{domain}}", "owner": "bench"}""", System.Text.Encoding.UTF8, "application/json");
            using var put = await http.PutAsync($"/api/models/{id}", body, ct);
            if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"registering {id}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(ct)}");
        });
    }

    /// <summary>What the host's /metrics scrape has counted so far.</summary>
    public readonly record struct Counts(long StorageWrites, long AcceptedPredictions, long DuplicateBatches)
    {
        public static Counts operator -(Counts a, Counts b) =>
            new(a.StorageWrites - b.StorageWrites, a.AcceptedPredictions - b.AcceptedPredictions, a.DuplicateBatches - b.DuplicateBatches);
    }

    /// <summary>
    /// Grain-state writes (checkpoints, registry), predictions of accepted batches and duplicate batches, read from
    /// the host's own /metrics: the server's count beside the generator's.
    /// </summary>
    public async Task<Counts> CountsAsync(HttpClient http)
    {
        long writes = 0, predictions = 0, duplicates = 0;
        foreach (var (name, line, v) in MetricsScrape.Samples(await http.GetStringAsync("/metrics")))
        {
            if (name.StartsWith("fleet_storage_write_duration", StringComparison.Ordinal) && name.EndsWith("_count", StringComparison.Ordinal)) writes += (long)v;
            else if (name == "fleet_ingest_events_total" && line.Contains("kind=\"prediction\"", StringComparison.Ordinal)) predictions += (long)v;
            else if (name == "fleet_ingest_batches_total" && line.Contains("result=\"duplicate\"", StringComparison.Ordinal)) duplicates += (long)v;
        }
        return new Counts(writes, predictions, duplicates);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (!_ownsDirectory) return;
        try { Directory.Delete(_launch.Directory, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
