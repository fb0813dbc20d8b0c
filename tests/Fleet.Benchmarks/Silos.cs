using System.Net;
using System.Net.Sockets;
using Fleet.Silo.Storage;
using Fleet.Simulation.Runs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fleet.Benchmarks;

internal enum StorageKind { Memory, Sqlite }

/// <summary>A real single silo in this process on free localhost ports; the driver uses its own grain factory.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _root;

    private BenchSilo(IHost host, StorageKind storage, string? root, string? sqlitePath)
    {
        _host = host;
        Storage = storage;
        _root = root;
        SqlitePath = sqlitePath;
    }

    public StorageKind Storage { get; }
    public SiloLog Log { get; private init; } = new();

    /// <summary>Warnings and errors the silo logged while it stopped (filled by <see cref="DisposeAsync"/>).</summary>
    public IReadOnlyList<string> ShutdownLog { get; private set; } = [];

    /// <summary>Errors among them.</summary>
    public int ShutdownErrors { get; private set; }
    public string? SqlitePath { get; }
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    public static async Task<BenchSilo> StartAsync(StorageKind storage)
    {
        string? root = null, sqlitePath = null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var siloLog = new SiloLog();
        builder.Logging.ClearProviders().AddProvider(siloLog).SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "fleet-bench", clusterId: "bench-" + Guid.NewGuid().ToString("N")[..8]);
            // Every grain a part fills stays active until it is measured: a 10,000-model memory fill on SQLite can take
            // longer than Orleans' default 15-minute idle age, and a collected grain would leave the figure too low.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            if (storage == StorageKind.Sqlite)
            {
                root = Path.Combine(Path.GetTempPath(), "fleet-bench", Guid.NewGuid().ToString("N"));
                sqlitePath = Path.Combine(root, "fleet.db");
                silo.UseFleetStorage(new FleetStorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = sqlitePath });
            }
            else silo.AddFleetMemoryStorage();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, storage, root, sqlitePath) { Log = siloLog };
    }

    /// <summary>Bytes of stored payload per grain state kind (SQLite only).</summary>
    public IReadOnlyList<(string Kind, long Rows, long Bytes)> StoredPayloads()
    {
        if (SqlitePath is null) return [];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT StateName, COUNT(*), COALESCE(SUM(LENGTH(Payload)), 0) FROM FleetGrainState GROUP BY StateName ORDER BY 3 DESC";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }

    public long DatabaseFileBytes() =>
        SqlitePath is null ? 0 : new[] { SqlitePath, SqlitePath + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    public async ValueTask DisposeAsync()
    {
        foreach (var line in Log.Drain()) Console.WriteLine($"    silo logged {line}");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try { await _host.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        }
        _host.Dispose();
        ShutdownErrors = Log.Errors;
        ShutdownLog = Log.Drain();
        foreach (var line in ShutdownLog) Console.WriteLine($"    silo stop logged {line}");
        if (_root is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
