using System.Data.Common;
using Fleet.Events;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.BatchLog;

namespace Fleet.Silo.Recordings;

/// <summary>A recording's row: where its batches come from and where it stands.</summary>
public sealed record RecordingRow(string Id, string Source, string Selector, string State, DateTimeOffset CreatedAt,
    DateTimeOffset? Until, DateTimeOffset? StoppedAt, string? StopReason);

/// <summary>
/// One model of a recording: its batches are the batch log's rows of <paramref name="LogKey"/> from
/// <paramref name="First"/> through <paramref name="Last"/> (open-ended while recording); its definition when it started.
/// </summary>
public sealed record RecordingModelRow(string Model, string LogKey, long First, long? Last, string Definition);

/// <summary>
/// Recordings in Fleet's database (FleetRecordings, FleetRecordingModels beside FleetBatchLog; Sql/*-recordings.sql).
/// Their batches are the batch log's own rows: the log's truncation skips every range a recording holds
/// (<see cref="BatchLogSql.Unrecorded"/>), so a recording costs no copy. The same SQL serves SQLite and PostgreSQL.
/// </summary>
public sealed class SqlRecordingStore(FleetStorageOptions options, string serviceId)
{
    public const string Recording = "recording";
    public const string Stopped = "stopped";

    private const string Columns = "RecordingId, Source, Selector, State, CreatedAt, Until, StoppedAt, StopReason";

    // The batch log rows each recording holds: a join on its models' ranges.
    private const string HeldRows =
        "FROM FleetRecordingModels r JOIN FleetBatchLog b ON b.ServiceId = r.ServiceId AND b.ModelId = r.LogKey" +
        " AND b.Position >= r.FirstPosition AND (r.LastPosition IS NULL OR b.Position <= r.LastPosition) WHERE r.ServiceId = @service";

    private readonly FleetDatabase _database = new(options, serviceId);

    /// <summary>Adds a recording and its models in one transaction.</summary>
    public async Task CreateAsync(RecordingRow row, IReadOnlyList<RecordingModelRow> models, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertAsync(connection, transaction, row, models, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Stores an import whole or not at all: its row, its models and their batches (under log keys no model grain uses,
    /// positions 1, 2, 3…), in one transaction.
    /// </summary>
    public async Task ImportAsync(RecordingRow row, IReadOnlyList<RecordingModelRow> models, IReadOnlyList<(string LogKey, long Position, byte[] Payload)> batches,
        CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertAsync(connection, transaction, row, models, ct);
        foreach (var (key, position, payload) in batches)
        {
            await using var command = Command(connection, BatchLogSql.Append.Replace("@ServiceId", "@service", StringComparison.Ordinal),
                ("ModelId", key), ("Position", position), ("Payload", payload));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Where a model's recording starts, once its grain said which batches it has already accepted.</summary>
    public async Task SetFirstAsync(string id, string model, long first, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "UPDATE FleetRecordingModels SET FirstPosition = @first WHERE ServiceId = @service AND RecordingId = @id AND ModelId = @model",
            ("first", first), ("id", id), ("model", model));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends a recording at each model's last position; false when it was not recording (stopped already, or gone).</summary>
    public async Task<bool> StopAsync(string id, DateTimeOffset at, string reason, IReadOnlyDictionary<string, long> lastPositions, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var stop = Command(connection,
            "UPDATE FleetRecordings SET State = @stopped, StoppedAt = @at, StopReason = @reason WHERE ServiceId = @service AND RecordingId = @id AND State = @recording",
            ("stopped", Stopped), ("at", at.ToUnixTimeMilliseconds()), ("reason", reason), ("id", id), ("recording", Recording)))
        {
            stop.Transaction = transaction;
            if (await stop.ExecuteNonQueryAsync(ct) != 1) return false;
        }
        foreach (var (model, last) in lastPositions)
        {
            await using var command = Command(connection,
                "UPDATE FleetRecordingModels SET LastPosition = @last WHERE ServiceId = @service AND RecordingId = @id AND ModelId = @model",
                ("last", last), ("id", id), ("model", model));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Deletes a recording and the batches only it kept. Its models' ranges end at or before their checkpoints (a stop
    /// checkpoints each model first), so no batch that recovery still needs goes; those another recording holds stay.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var models = await ModelsAsync(id, ct);
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        int deleted;
        await using (var rows = Command(connection, "DELETE FROM FleetRecordings WHERE ServiceId = @service AND RecordingId = @id", ("id", id)))
        {
            rows.Transaction = transaction;
            deleted = await rows.ExecuteNonQueryAsync(ct);
        }
        await using (var modelRows = Command(connection, "DELETE FROM FleetRecordingModels WHERE ServiceId = @service AND RecordingId = @id", ("id", id)))
        {
            modelRows.Transaction = transaction;
            await modelRows.ExecuteNonQueryAsync(ct);
        }
        foreach (var model in models.Where(m => m.Last is not null))
        {
            // A live model's log keeps its head (the mark its appends are checked against); an import's key has no model.
            var kept = model.LogKey == model.Model ? BatchLogSql.Unrecorded + BatchLogSql.BelowHead : BatchLogSql.Unrecorded;
            await using var release = Command(connection,
                "DELETE FROM FleetBatchLog WHERE ServiceId = @service AND ModelId = @key AND Position >= @first AND Position <= @last" + kept,
                ("key", model.LogKey), ("first", model.First), ("last", model.Last!.Value));
            release.Transaction = transaction;
            await release.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return deleted == 1;
    }

    public async Task<IReadOnlyList<RecordingRow>> ListAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM FleetRecordings WHERE ServiceId = @service ORDER BY CreatedAt, RecordingId");
        return await ReadRowsAsync(command, ct);
    }

    public async Task<RecordingRow?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, $"SELECT {Columns} FROM FleetRecordings WHERE ServiceId = @service AND RecordingId = @id", ("id", id));
        return (await ReadRowsAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<RecordingModelRow>> ModelsAsync(string id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT ModelId, LogKey, FirstPosition, LastPosition, Definition FROM FleetRecordingModels WHERE ServiceId = @service AND RecordingId = @id ORDER BY ModelId",
            ("id", id));
        var models = new List<RecordingModelRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            models.Add(new RecordingModelRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetString(4)));
        return models;
    }

    /// <summary>The batches a recording holds and their stored bytes (the log's compressed form); all recordings' when <paramref name="id"/> is null.</summary>
    public async Task<(long Batches, long Bytes)> SizeAsync(string? id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var sql = $"SELECT COUNT(*), COALESCE(SUM(LENGTH(b.Payload)), 0) {HeldRows}";
        await using var command = id is null ? Command(connection, sql) : Command(connection, sql + " AND r.RecordingId = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A model's recorded batches, in the order its grain accepted them.</summary>
    public async Task<IReadOnlyList<EventBatch>> BatchesAsync(RecordingModelRow model, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT Payload FROM FleetBatchLog WHERE ServiceId = @service AND ModelId = @key AND Position >= @first AND Position <= @last ORDER BY Position",
            ("key", model.LogKey), ("first", model.First), ("last", model.Last ?? long.MaxValue));
        var batches = new List<EventBatch>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) batches.Add(BatchCodec.Decode((byte[])reader.GetValue(0)));
        return batches;
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction transaction, RecordingRow row, IReadOnlyList<RecordingModelRow> models, CancellationToken ct)
    {
        await using (var command = Command(connection,
            $"INSERT INTO FleetRecordings (ServiceId, {Columns}) VALUES (@service, @id, @source, @selector, @state, @created, @until, @stopped, @reason)",
            ("id", row.Id), ("source", row.Source), ("selector", row.Selector), ("state", row.State), ("created", row.CreatedAt.ToUnixTimeMilliseconds()),
            ("until", (object?)row.Until?.ToUnixTimeMilliseconds() ?? DBNull.Value), ("stopped", (object?)row.StoppedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value),
            ("reason", (object?)row.StopReason ?? DBNull.Value)))
        {
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }
        foreach (var model in models)
        {
            await using var command = Command(connection,
                "INSERT INTO FleetRecordingModels (ServiceId, RecordingId, ModelId, LogKey, FirstPosition, LastPosition, Definition)" +
                " VALUES (@service, @id, @model, @key, @first, @last, @definition)",
                ("id", row.Id), ("model", model.Model), ("key", model.LogKey), ("first", model.First),
                ("last", (object?)model.Last ?? DBNull.Value), ("definition", model.Definition));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<IReadOnlyList<RecordingRow>> ReadRowsAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<RecordingRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new RecordingRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), Time(reader, 5), Time(reader, 6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return rows;
    }

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private Task<DbConnection> OpenAsync(CancellationToken ct) => _database.OpenAsync(ct);

    private DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        _database.Command(connection, sql, parameters);
}
