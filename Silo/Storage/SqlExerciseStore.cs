using System.Data.Common;
using System.Text.Json;
using Fleet.Exercises;

namespace Fleet.Silo.Storage;

/// <summary>Where exercises are kept: written through before an answer, read back whole at start.</summary>
public interface IExerciseStore
{
    Task SaveAsync(Exercise exercise, CancellationToken ct = default);
    Task<IReadOnlyList<Exercise>> ListAsync(CancellationToken ct = default);
}

/// <summary>
/// Exercises in Fleet's own table (fleet_exercises, see Sql/*-exercises.sql) on the silo's SQLite or PostgreSQL
/// database, scoped to the service id, one JSON document per exercise. The same SQL serves both.
/// </summary>
public sealed class SqlExerciseStore(FleetStorageOptions options, string serviceId, TimeProvider clock) : IExerciseStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FleetDatabase _database = new(options, serviceId);

    public async Task SaveAsync(Exercise exercise, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT INTO fleet_exercises (service_id, id, body, updated_at) VALUES (@service, @id, @body, @at) " +
            "ON CONFLICT (service_id, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            ("id", exercise.Id), ("body", JsonSerializer.Serialize(exercise, Json)), ("at", clock.GetUtcNow().ToUnixTimeMilliseconds()));
        await command.ExecuteNonQueryAsync(ct);
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
