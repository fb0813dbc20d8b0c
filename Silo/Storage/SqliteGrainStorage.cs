using System.Data;
using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Fleet.Silo.Storage;

/// <summary>
/// Orleans grain state in Fleet's SQLite database (table FleetGrainState): a state's writes join the silo's group
/// commits (<see cref="GroupCommitWriter"/>) beside the batch log's appends, so a burst of checkpoints costs a few
/// commits, holds no pool thread while it waits, and never contends for SQLite's write lock.
/// </summary>
/// <remarks>
/// Why not Orleans' ADO.NET provider here: it runs every write in a transaction of its own on a connection of its
/// own, and with Microsoft.Data.Sqlite each blocks a pool thread until the lock is free and the fsync done (see
/// <see cref="GroupCommitWriter"/> for what that cost). PostgreSQL keeps Orleans' provider: Npgsql is truly asynchronous
/// and the server takes concurrent writers. The ETag is the row's version; a write or clear with a stale one changes
/// nothing and fails with <see cref="InconsistentStateException"/>, as Orleans' providers do.
/// </remarks>
internal sealed class SqliteGrainStorage(
    string providerName, FleetDatabase database, GroupCommitWriter writer, IGrainStorageSerializer serializer, IActivatorProvider activators)
    : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = database.Command(connection, GrainStateSql.Read, ("grain", grainId.ToString()), ("state", stateName));
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            Reset(grainState, etag: null);
            return;
        }
        var version = reader.GetInt64(1);
        if (reader.IsDBNull(0))
        {
            Reset(grainState, Etag(version));
            return;
        }
        grainState.State = serializer.Deserialize<T>(new BinaryData((byte[])reader.GetValue(0)));
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = WholeArray(serializer.Serialize(grainState.State));
        var version = await ChangeAsync(stateName, grainId, grainState.ETag, payload);
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    /// <summary>The serializer's own array when the data is all of it: a busy model's checkpoint is megabytes, copied for nothing.</summary>
    private static byte[] WholeArray(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var bytes) && bytes.Offset == 0 && bytes.Count == bytes.Array!.Length ? bytes.Array : data.ToArray();

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = await ChangeAsync(stateName, grainId, grainState.ETag, payload: null);
        Reset(grainState, Etag(version));
    }

    /// <summary>Writes the payload (null: clears it) over the version the caller last saw; returns the row's new version.</summary>
    private async Task<long> ChangeAsync(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        long? seen = etag is null ? null
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw new InconsistentStateException($"The {stateName} state of {grainId} carries ETag '{etag}', which no {providerName} write gives.", "unknown", etag);
        var grain = grainId.ToString();
        WriteParameter[] parameters =
        [
            new("@ServiceId", DbType.String, database.ServiceId), new("@GrainId", DbType.String, grain), new("@StateName", DbType.String, stateName),
            new("@Payload", DbType.Binary, (object?)payload ?? DBNull.Value), new("@Version", DbType.Int64, seen ?? 0),
        ];
        await writer.WriteAsync(new QueuedWrite($"the {stateName} state of {grain}", seen is null ? GrainStateSql.Insert : GrainStateSql.Update,
            (payload?.Length ?? 0) + 128, parameters,
            whenNoRow: () => new InconsistentStateException(
                $"The {stateName} state of {grain} in {providerName} was written by another activation since version {etag ?? "(none)"}.",
                "unknown", etag ?? "(none)"),
            background: Fleet.Durability.BackgroundWrite.IsMarked));
        return (seen ?? 0) + 1;
    }

    private void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);
}

/// <summary>FleetGrainState's statements (sqlite-persistence.sql creates the table).</summary>
internal static class GrainStateSql
{
    public const string Read =
        "SELECT Payload, Version FROM FleetGrainState WHERE ServiceId = @service AND GrainId = @grain AND StateName = @state";

    /// <summary>A first write: only when no row exists yet (another activation may have written one).</summary>
    public const string Insert =
        "INSERT INTO FleetGrainState (ServiceId, GrainId, StateName, Payload, Version) VALUES (@ServiceId, @GrainId, @StateName, @Payload, 1)" +
        " ON CONFLICT DO NOTHING";

    /// <summary>A later write or a clear: only over the version the writer last saw.</summary>
    public const string Update =
        "UPDATE FleetGrainState SET Payload = @Payload, Version = Version + 1" +
        " WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND StateName = @StateName AND Version = @Version";
}
