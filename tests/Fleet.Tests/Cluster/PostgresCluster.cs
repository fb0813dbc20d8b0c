using Fleet.Tests.Durability;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Cluster;

/// <summary>
/// A cluster of real silo processes on the test PostgreSQL server: its own schema and cluster id, and a working
/// directory per process (they share nothing but the database). Disposing kills what still runs and drops it all.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly TempPostgresSchema _db;
    private readonly List<SiloProcess> _processes = [];
    private readonly List<string> _directories = [];

    private PostgresCluster(TempPostgresSchema db, string clusterId, IReadOnlyList<string> settings)
    {
        (_db, ClusterId, Settings) = (db, clusterId, settings);
    }

    public string ClusterId { get; }

    /// <summary>What every process of the cluster is started with (storage, cluster id and the cluster's own settings).</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>A new schema and cluster id named after <paramref name="name"/>; <paramref name="settings"/> go to every process.</summary>
    public static async Task<PostgresCluster> CreateAsync(string name, params string[] settings)
    {
        var db = await TempPostgresSchema.CreateAsync();
        var clusterId = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        return new PostgresCluster(db, clusterId,
        [
            "--Fleet:Storage:Provider=PostgreSql", $"--Fleet:Storage:PostgresConnectionString={db.ConnectionString}",
            $"--Fleet:Silo:ClusterId={clusterId}", .. settings,
        ]);
    }

    /// <summary>
    /// Starts a process of the cluster (a silo, or a dashboard-only host with --Fleet:Role=Dashboard) in a new working
    /// directory that <paramref name="prepare"/> may fill first; it answers /healthz when this returns.
    /// </summary>
    public async Task<SiloProcess> StartAsync(IEnumerable<string>? settings = null, Action<string>? prepare = null)
    {
        var directory = Directory.CreateTempSubdirectory($"fleet-{ClusterId}-").FullName;
        _directories.Add(directory);
        prepare?.Invoke(directory);
        var process = await SiloProcess.StartAsync([.. Settings, .. settings ?? []], directory);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        foreach (var directory in _directories) Directory.Delete(directory, recursive: true);
        await _db.DisposeAsync();
    }
}
