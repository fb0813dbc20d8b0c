using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fleet.Silo.Storage;

/// <summary>
/// Fleet's own tables on the silo's SQLite or PostgreSQL database, scoped to one service id: opens a connection and
/// builds commands whose <c>@service</c> parameter is always that id. The same SQL serves both providers.
/// </summary>
/// <remarks>Its SQLite connections wait for the write lock in SQLite's own busy handler (<see cref="LockWaitingSqliteConnection"/>).</remarks>
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
        return connection;
    }

    /// <summary>For callers whose interface is synchronous (ASP.NET Core's key repository).</summary>
    public DbConnection Open()
    {
        var connection = Create();
        connection.Open();
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

    private DbConnection Create() => options.Provider == StorageProvider.Sqlite
        ? new LockWaitingSqliteConnection(_connectionString)
        : new NpgsqlConnection(_connectionString);
}
