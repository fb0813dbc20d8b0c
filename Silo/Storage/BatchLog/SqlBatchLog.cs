using System.Data;
using System.Data.Common;
using Fleet.Durability;
using Fleet.Events;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>
/// The batch log in Fleet's database (table FleetBatchLog, SQLite or PostgreSQL), one per silo: appends and
/// truncations go through the database's group-committing writer (<see cref="GroupCommitWriter"/>, whose commits set
/// an append's durability); reads use their own pooled connections.
/// </summary>
public sealed class SqlBatchLog : IBatchLog, IAsyncDisposable
{
    private readonly FleetDatabase _database;
    private readonly DbProviderFactory _factory;
    private readonly string _serviceId;
    private readonly GroupCommitWriter _writer;
    private readonly bool _ownsWriter;

    /// <summary>A log with a writer of its own (a tool or a test that opens only the log).</summary>
    public SqlBatchLog(FleetStorageOptions storage, string serviceId, ILogger<SqlBatchLog> logger)
        : this(storage, serviceId, GroupCommitWriter.Open(storage, serviceId, logger), ownsWriter: true)
    {
    }

    /// <summary>A log that shares the silo's writer with the grain state (<see cref="SqliteGrainStorage"/>).</summary>
    internal SqlBatchLog(FleetStorageOptions storage, string serviceId, GroupCommitWriter writer, bool ownsWriter = false)
    {
        _database = new FleetDatabase(storage, serviceId);
        _factory = _database.Factory;
        _serviceId = serviceId;
        _writer = writer;
        _ownsWriter = ownsWriter;
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

    public ValueTask DisposeAsync() => _ownsWriter ? _writer.DisposeAsync() : ValueTask.CompletedTask;
}
