using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Storage.BatchLog;

/// <summary>
/// The batch log's single writer: one connection and one transaction per group of every write queued while the
/// previous commit ran, so concurrent appends from many models share one commit (one fsync). A write completes
/// only after its transaction committed. A failed group is retried one write per transaction, so one bad write
/// (a position already taken) fails only its own caller.
/// </summary>
internal sealed class GroupCommitLog : IAsyncDisposable
{
    private const int MaxGroupWrites = 1024;
    private const int MaxGroupBytes = 8 * 1024 * 1024;

    private readonly Channel<LogWrite> _queue = Channel.CreateUnbounded<LogWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbProviderFactory _factory;
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private DbConnection? _connection;
    private readonly Dictionary<string, DbCommand> _prepared = [];

    public GroupCommitLog(DbProviderFactory factory, Func<CancellationToken, Task<DbConnection>> open, ILogger logger)
    {
        _factory = factory;
        _open = open;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Groups committed so far, and the writes they held (how well commits are shared).</summary>
    public long Groups { get; private set; }
    public long Writes { get; private set; }

    public Task WriteAsync(LogWrite write)
    {
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(GroupCommitLog), "The batch log is closed.");
        return write.Done.Task;
    }

    private async Task RunAsync()
    {
        var group = new List<LogWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var bytes = 0L;
            while (group.Count < MaxGroupWrites && bytes < MaxGroupBytes && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
                bytes += write.Bytes;
            }
            try
            {
                var wroteNothing = await CommitAsync(group);
                foreach (var write in group) Complete(write, wroteNothing);
            }
            catch (Exception e)
            {
                await ResetConnectionAsync();
                if (group.Count == 1) group[0].Done.TrySetException(e);
                else await CommitOneByOneAsync(group);
            }
        }
        await ResetConnectionAsync();
    }

    private async Task CommitOneByOneAsync(List<LogWrite> group)
    {
        foreach (var write in group)
        {
            try
            {
                Complete(write, await CommitAsync([write]));
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Batch log write for model {Model} failed", write.Model);
                await ResetConnectionAsync();
                write.Done.TrySetException(e);
            }
        }
    }

    private static void Complete(LogWrite write, HashSet<LogWrite>? wroteNothing)
    {
        if (wroteNothing?.Contains(write) == true) write.Done.TrySetException(new LogPositionTakenException(write.Model, write.AppendsAt!.Value));
        else write.Done.TrySetResult();
    }

    /// <summary>Commits the group in one transaction; returns its appends that wrote no row (their position was behind), null if none.</summary>
    private async Task<HashSet<LogWrite>?> CommitAsync(IReadOnlyList<LogWrite> group)
    {
        HashSet<LogWrite>? wroteNothing = null;
        _connection ??= await _open(CancellationToken.None);
        await using var transaction = await _connection.BeginTransactionAsync();
        if (_connection.CanCreateBatch)
        {
            // One round trip for the whole group (PostgreSQL).
            await using var batch = _connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var write in group)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = write.Sql;
                foreach (var p in write.Parameters) command.Parameters.Add(NewParameter(p));
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
            for (var i = 0; i < group.Count; i++)
                if (group[i].AppendsAt is not null && batch.BatchCommands[i].RecordsAffected == 0) (wroteNothing ??= []).Add(group[i]);
        }
        else
        {
            // In process (SQLite): one prepared statement per kind of write, kept with the connection.
            foreach (var write in group)
            {
                var command = Prepared(write);
                command.Transaction = transaction;
                for (var i = 0; i < write.Parameters.Length; i++) command.Parameters[i].Value = write.Parameters[i].Value;
                if (await command.ExecuteNonQueryAsync() == 0 && write.AppendsAt is not null) (wroteNothing ??= []).Add(write);
            }
        }
        await transaction.CommitAsync();
        Groups++;
        Writes += group.Count;
        return wroteNothing;
    }

    private DbCommand Prepared(LogWrite write)
    {
        if (_prepared.TryGetValue(write.Sql, out var command)) return command;
        command = _connection!.CreateCommand();
        command.CommandText = write.Sql;
        foreach (var p in write.Parameters) command.Parameters.Add(NewParameter(p));
        return _prepared[write.Sql] = command;
    }

    private DbParameter NewParameter(LogParameter p)
    {
        var parameter = _factory.CreateParameter()!;
        parameter.ParameterName = p.Name;
        parameter.DbType = p.Type;
        parameter.Value = p.Value;
        return parameter;
    }

    private async Task ResetConnectionAsync()
    {
        foreach (var command in _prepared.Values) await command.DisposeAsync();
        _prepared.Clear();
        if (_connection is null) return;
        try { await _connection.DisposeAsync(); }
        catch (Exception e) { _logger.LogDebug(e, "Closing the batch log connection failed"); }
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
