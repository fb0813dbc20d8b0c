using Microsoft.Data.Sqlite;

namespace Fleet.Silo.Storage;

/// <summary>Which database backs the Orleans ADO.NET providers.</summary>
public enum StorageProvider
{
    /// <summary>Embedded single-file database; grain persistence only (single silo).</summary>
    Sqlite,

    /// <summary>PostgreSQL server; grain persistence and clustering (multi-silo).</summary>
    PostgreSql,
}

/// <summary>SQLite's synchronous setting for the batch log's commits (see <see cref="FleetStorageOptions.SqliteSynchronous"/>).</summary>
public enum SqliteSynchronous
{
    Full,
    Normal,
}

/// <summary>An ADO.NET invariant name and connection string as the Orleans providers take them.</summary>
public sealed record AdoNetConnection(string Invariant, string ConnectionString);

/// <summary>Where Fleet keeps its durable state.</summary>
public sealed class FleetStorageOptions
{
    /// <summary>Seconds a SQLite statement waits for the database's write lock before it fails with SQLITE_BUSY.</summary>
    public const int SqliteBusySeconds = 30;

    /// <summary>Orleans' invariant for SQLite; Orleans maps it to Microsoft.Data.Sqlite's factory.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' invariant for PostgreSQL (Npgsql's factory).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>The database to use; SQLite unless configured otherwise.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite database file; relative paths resolve against the current directory.</summary>
    public string SqlitePath { get; set; } = Path.Combine(".data", "fleet.db");

    /// <summary>
    /// How the batch log's SQLite commits are synced (WAL mode): <c>Full</c> (default) fsyncs the WAL at every commit,
    /// so an acknowledged batch survives a process crash and a power loss; <c>Normal</c> fsyncs only at WAL
    /// checkpoints, so it survives a process crash (the OS still holds the write) but a power loss or OS crash can
    /// lose the last commits.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is PostgreSql.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Full path of the SQLite file, resolved against the current directory.</summary>
    public string SqliteFullPath => Path.GetFullPath(SqlitePath);

    /// <summary>The invariant and connection string for the selected provider.</summary>
    public AdoNetConnection GetAdoNetConnection() => Provider switch
    {
        StorageProvider.Sqlite => new AdoNetConnection(SqliteInvariant, new SqliteConnectionStringBuilder
        {
            DataSource = SqliteFullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Seconds a command waits on SQLITE_BUSY before failing (Microsoft.Data.Sqlite retries until then).
            DefaultTimeout = SqliteBusySeconds,
        }.ToString()),
        StorageProvider.PostgreSql => new AdoNetConnection(PostgresInvariant,
            string.IsNullOrWhiteSpace(PostgresConnectionString)
                ? throw new InvalidOperationException("FleetStorageOptions.PostgresConnectionString is required for the PostgreSql provider.")
                : PostgresConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Unknown storage provider."),
    };
}
