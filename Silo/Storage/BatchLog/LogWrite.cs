using System.Data;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>The batch log's changes, as writes for the database's next group commit (<see cref="GroupCommitWriter"/>).</summary>
internal static class LogWrite
{
    /// <summary>An append; a commit where it wrote no row (its position was behind) fails it with <see cref="LogPositionTakenException"/>.</summary>
    public static QueuedWrite Append(string serviceId, string model, long position, byte[] payload) =>
        new(model, BatchLogSql.Append, payload.Length + 64,
            [Service(serviceId), ModelId(model), Position(position), new WriteParameter("@Payload", DbType.Binary, payload)],
            whenNoRow: () => new LogPositionTakenException(model, position));

    public static QueuedWrite Truncate(string serviceId, string model, long throughPosition) =>
        new(model, BatchLogSql.Truncate, 64, [Service(serviceId), ModelId(model), Position(throughPosition)]);

    public static WriteParameter Service(string serviceId) => new("@ServiceId", DbType.String, serviceId);
    public static WriteParameter ModelId(string model) => new("@ModelId", DbType.String, model);
    public static WriteParameter Position(long position) => new("@Position", DbType.Int64, position);
}

/// <summary>An append whose position the model's log already holds or has passed: another activation of the model wrote there.</summary>
public sealed class LogPositionTakenException(string model, long position)
    : Exception($"The batch log of {model} already holds position {position} or a later one.")
{
    public string Model { get; } = model;
    public long Position { get; } = position;
}

/// <summary>The log's statements; the same text runs on SQLite and PostgreSQL (unquoted names, @parameters).</summary>
internal static class BatchLogSql
{
    /// <summary>
    /// Adds a batch only above every position the model has ever logged: the log's highest row is never deleted
    /// (<see cref="BelowHead"/>), so a second activation of one model (Orleans allows one briefly while silos come and
    /// go) cannot reuse a position a checkpoint truncated and have its batch skipped by the next replay. Writes nothing
    /// when the position is behind, which the writer reports as <see cref="LogPositionTakenException"/>.
    /// </summary>
    public const string Append =
        "INSERT INTO FleetBatchLog (ServiceId, ModelId, Position, Payload) SELECT @ServiceId, @ModelId, @Position, @Payload" +
        " WHERE NOT EXISTS (SELECT 1 FROM FleetBatchLog WHERE ServiceId = @ServiceId AND ModelId = @ModelId AND Position >= @Position)";

    /// <summary>Drops what a checkpoint covers, except the positions a recording keeps (one log serves both) and the head.</summary>
    public const string Truncate =
        "DELETE FROM FleetBatchLog WHERE ServiceId = @ServiceId AND ModelId = @ModelId AND Position <= @Position" + Unrecorded + BelowHead;

    /// <summary>Every row but the model's highest: that one stays as the mark <see cref="Append"/> is checked against.</summary>
    public const string BelowHead =
        " AND FleetBatchLog.Position < (SELECT MAX(h.Position) FROM FleetBatchLog h WHERE h.ServiceId = FleetBatchLog.ServiceId AND h.ModelId = FleetBatchLog.ModelId)";

    /// <summary>
    /// The rows no recording keeps: a recording's models hold a range of log positions (open-ended while it records).
    /// In the statement itself, so every silo of a cluster honours every recording, and none starts between a check and a delete.
    /// </summary>
    public const string Unrecorded =
        " AND NOT EXISTS (SELECT 1 FROM FleetRecordingModels r WHERE r.ServiceId = FleetBatchLog.ServiceId AND r.LogKey = FleetBatchLog.ModelId" +
        " AND FleetBatchLog.Position >= r.FirstPosition AND (r.LastPosition IS NULL OR FleetBatchLog.Position <= r.LastPosition))";

    public const string Read =
        "SELECT Position, Payload FROM FleetBatchLog WHERE ServiceId = @ServiceId AND ModelId = @ModelId AND Position > @Position ORDER BY Position";
}
