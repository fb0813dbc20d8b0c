using System.Data.Common;
using System.Text.Json;
using Fleet.Exercises;

namespace Fleet.Silo.Storage;

/// <summary>
/// Where exercises are kept, the one copy every silo reads and writes: no silo holds an exercise in memory, so one created
/// or steered through any silo reads the same through every other.
/// </summary>
public interface IExerciseStore
{
    Task SaveAsync(Exercise exercise, CancellationToken ct = default);
    Task<Exercise?> GetAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct = default);

    /// <summary>
    /// Holds the exercise against every other writer in the cluster (read, change, save) until disposed. A silo that dies
    /// holding it lets it go with its connection.
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string id, CancellationToken ct = default);
}

/// <summary>
/// Exercises in Fleet's own table (fleet_exercises, see Sql/*-exercises.sql) on the silo's SQLite or PostgreSQL
/// database, scoped to the service id, one JSON document per exercise, read afresh on every call. The same SQL serves both.
/// </summary>
public sealed class SqlExerciseStore(FleetStorageOptions options, string serviceId, TimeProvider clock) : IExerciseStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FleetDatabase _database = new(options, serviceId);
    private readonly SemaphoreSlim _writing = new(1, 1);

    public async Task SaveAsync(Exercise exercise, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO fleet_exercises (service_id, id, body, updated_at) VALUES (@service, @id, @body, @at) " +
            "ON CONFLICT (service_id, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            ("id", exercise.Id), ("body", JsonSerializer.Serialize(exercise, Json)), ("at", clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<Exercise?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT body FROM fleet_exercises WHERE service_id = @service AND id = @id", ("id", id));
        return await command.ExecuteScalarAsync(ct) is string body ? JsonSerializer.Deserialize<Exercise>(body, Json) : null;
    }

    /// <summary>
    /// One writer at a time in this silo, and on PostgreSQL a transaction-scoped advisory lock on the exercise across silos.
    /// A SQLite database serves one silo, so the silo's own lock is the whole of it there.
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(string id, CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        if (options.Provider == StorageProvider.Sqlite) return new Held(_writing, null, null);
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = Command(connection, "SELECT pg_advisory_xact_lock(hashtext('fleet exercise ' || @service || ' ' || @id))", ("id", id));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
            return new Held(_writing, connection, transaction);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            _writing.Release();
            throw;
        }
    }

    private sealed class Held(SemaphoreSlim writing, DbConnection? connection, DbTransaction? transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (transaction is not null) await transaction.DisposeAsync(); // rolled back: it only held the lock
                if (connection is not null) await connection.DisposeAsync();
            }
            finally
            {
                writing.Release();
            }
        }
    }

    public async Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT body FROM fleet_exercises WHERE service_id = @service ORDER BY id");
        var exercises = new List<Exercise>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            exercises.Add(JsonSerializer.Deserialize<Exercise>(reader.GetString(0), Json)!);
        return exercises;
    }

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        _database.Command(connection, sql, parameters);
}
