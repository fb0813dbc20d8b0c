using System.Data.Common;
using Fleet.Silo.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Fleet.Tests.Durability;

/// <summary>Reads the FleetBatchLog table straight from the database, as an operator would.</summary>
internal static class BatchLogTable
{
    public static async Task<long> RowsAsync(FleetStorageOptions storage, string model)
    {
        await using DbConnection connection = storage.Provider == StorageProvider.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storage.SqliteFullPath, Pooling = false }.ToString())
            : new NpgsqlConnection(storage.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM FleetBatchLog WHERE ModelId = '{model}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
