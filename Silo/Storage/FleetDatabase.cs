using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fleet.Silo.Storage;

/// <summary>
/// Fleet's own tables on the silo's SQLite or PostgreSQL database, scoped to one service id: opens a connection and
/// builds commands whose <c>@service</c> parameter is always that id. The same SQL serves both providers.
/// </summary>
/// <remarks>
/// A SQLite connection opened here waits for the write lock in SQLite's own busy handler, which retries within
/// milliseconds of the lock's release. Microsoft.Data.Sqlite's retry alone sleeps 150 ms between attempts: a writer
/// that finds the lock taken is then ready again only 150 ms later, and each writer that comes in meanwhile (a grain's
/// state write, the next journal commit) takes the lock ahead of it, so under load one write can wait many seconds
/// and every model's acknowledgement waits with the batch log's.
/// </remarks>
public sealed class FleetDatabase(FleetStorageOptions options, string serviceId)
{
    private readonly string _connectionString = options.GetAdoNetConnection().ConnectionString;

    public string ServiceId => serviceId;

    /// <summary>The provider's factory, for parameters and batches.</summary>
    public DbProviderFactory Factory { get; } = options.Provider == StorageProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Create();
        await connection.OpenAsync(ct);
        if (connection is SqliteConnection sqlite) WaitForLockInSqlite(sqlite);
        return connection;
    }

    /// <summary>For callers whose interface is synchronous (ASP.NET Core's key repository).</summary>
    public DbConnection Open()
    {
        var connection = Create();
        connection.Open();
        if (connection is SqliteConnection sqlite) WaitForLockInSqlite(sqlite);
        return connection;
    }

    public DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Prepend(("service", (object)serviceId)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private DbConnection Create()
    {
        var connection = Factory.CreateConnection()!;
        connection.ConnectionString = _connectionString;
        return connection;
    }

    /// <summary>The same bound as Microsoft.Data.Sqlite's own retry, which then only sees SQLITE_BUSY once it has passed.</summary>
    private static void WaitForLockInSqlite(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {FleetStorageOptions.SqliteBusySeconds * 1000};";
        command.ExecuteNonQuery();
    }
}
