using System.Data.Common;

namespace Fleet.Silo.Storage;

/// <summary>
/// The version of what Fleet stores (its tables and the layout of its grain states), kept in a one-row
/// table and checked at every start. A database written by another version is refused with a clear
/// error instead of being read by code that would misread it: Fleet migrates by version, never by
/// reading older layouts in place. Bump <see cref="Current"/> whenever a stored layout changes.
/// </summary>
public static class StorageVersion
{
    /// <summary>The version this build writes and reads.</summary>
    public const int Current = 14;

    /// <summary>
    /// Stamps an empty database with <see cref="Current"/>; refuses one stamped with another version, or
    /// one holding grain states but no stamp (written before versions existed).
    /// </summary>
    public static async Task CheckAsync(DbConnection connection, DbTransaction transaction, StorageProvider provider, string location,
        CancellationToken cancellationToken)
    {
        var stamped = await ReadAsync(connection, transaction, "SELECT Version FROM FleetStorageVersion", cancellationToken);
        if (stamped is null)
        {
            var states = await ReadAsync(connection, transaction, $"SELECT COUNT(*) FROM {GrainStateTable(provider)}", cancellationToken) ?? 0;
            if (states > 0) throw new StorageVersionException(location, found: 0);
            await ExecuteAsync(connection, transaction, $"INSERT INTO FleetStorageVersion (Version) VALUES ({Current})", cancellationToken);
        }
        else if (stamped != Current)
        {
            throw new StorageVersionException(location, (int)stamped);
        }
    }

    /// <summary>Where grain state lives: Fleet's own table on SQLite (<see cref="SqliteGrainStorage"/>), Orleans' ADO.NET one on PostgreSQL.</summary>
    public static string GrainStateTable(StorageProvider provider) => provider == StorageProvider.Sqlite ? "FleetGrainState" : "OrleansStorage";

    private static async Task<long?> ReadAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The database was written by a Fleet whose stored layout differs from this build's.</summary>
public sealed class StorageVersionException(string location, int found) : Exception(
    $"The database at {location} holds Fleet storage version {found} (0: written before storage versions), " +
    $"but this build reads version {StorageVersion.Current}. Start with a new database (for SQLite, move the file away) " +
    "or run the build that wrote it.")
{
    public int Found { get; } = found;
}
