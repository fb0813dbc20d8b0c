using System.Data;
using System.Data.Common;
using Fleet.Durability;
using Fleet.Events;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>
/// The batch log in Fleet's database (table FleetBatchLog, SQLite or PostgreSQL), one per silo: appends and
/// truncations go through one group-committing writer; reads use their own pooled connections.
/// </summary>
/// <remarks>
/// Durability of an append: on SQLite the writer's connection runs WAL with synchronous=FULL by default, so a
/// commit's WAL frames are fsynced before it returns: an acknowledged batch survives a process crash and a power
/// loss (<see cref="FleetStorageOptions.SqliteSynchronous"/> = Normal survives only the former: its WAL is synced at
/// checkpoints, not commits). On PostgreSQL a commit returns once its WAL record is flushed (synchronous_commit=on,
/// the server's default).
/// </remarks>
public sealed class SqlBatchLog : IBatchLog, IAsyncDisposable
{
    private readonly FleetStorageOptions _storage;
    private readonly FleetDatabase _database;
    private readonly DbProviderFactory _factory;
    private readonly string _serviceId;
    private readonly GroupCommitLog _writer;

    public SqlBatchLog(FleetStorageOptions storage, string serviceId, ILogger<SqlBatchLog> logger)
    {
        _storage = storage;
        _database = new FleetDatabase(storage, serviceId);
        _factory = _database.Factory;
        _serviceId = serviceId;
        _writer = new GroupCommitLog(_factory, OpenWriterAsync, logger);
    }

    /// <summary>Commits so far and the writes they carried: writes ÷ commits is how many appends share an fsync.</summary>
    public (long Commits, long Writes) CommitCounts => (_writer.Groups, _writer.Writes);

    public Task AppendAsync(string model, long position, EventBatch batch) =>
        _writer.WriteAsync(LogWrite.Append(_serviceId, model, position, BatchCodec.Encode(batch)));

    public async Task<IReadOnlyList<LoggedBatch>> ReadAsync(string model, long afterPosition)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = BatchLogSql.Read;
        foreach (var p in new[] { LogWrite.Service(_serviceId), LogWrite.ModelId(model), LogWrite.Position(afterPosition) })
        {
            var parameter = _factory.CreateParameter()!;
            (parameter.ParameterName, parameter.DbType, parameter.Value) = (p.Name, p.Type, p.Value);
            command.Parameters.Add(parameter);
        }
        var batches = new List<LoggedBatch>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            batches.Add(new LoggedBatch(reader.GetInt64(0), BatchCodec.Decode((byte[])reader.GetValue(1))));
        return batches;
    }

    public Task TruncateAsync(string model, long throughPosition) =>
        throughPosition <= 0 ? Task.CompletedTask : _writer.WriteAsync(LogWrite.Truncate(_serviceId, model, throughPosition));

    private Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private async Task<DbConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        if (_storage.Provider == StorageProvider.Sqlite)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _storage.SqliteSynchronous == SqliteSynchronous.Normal ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return connection;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
