using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Storage;

/// <summary>
/// A database's single writer: one connection and one transaction per group of every write queued while the
/// previous commit ran, so concurrent writes from many grains (batch-log appends, grain state checkpoints) share one
/// commit (one fsync). A write completes only after its transaction committed. A failed group is retried one write
/// per transaction, so one bad write fails only its own caller.
/// </summary>
/// <remarks>
/// On SQLite every write of a silo goes through here (<see cref="SqliteGrainStorage"/>, <see cref="BatchLog.SqlBatchLog"/>):
/// SQLite has one writer at a time, and Microsoft.Data.Sqlite's async methods run synchronously, so writers on their own
/// connections each hold a thread-pool thread while they wait for the lock or the fsync. Measured under the browser
/// probes' load: ~25 pool threads blocked in grain state writes at once, the pool grown to 35 threads, and answers late
/// by seconds with the process under one core busy. Here one loop holds one thread and the lock is never contended.
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroupWrites = 1024;
    // A group in flight is what the next answer may wait behind, so a busy model's checkpoint (1-2 MB) goes in a group
    // of its own. Under figure 4's load, groups of up to 4 MB held the P99 of an awaited write's wait at ≤ 250 ms and of
    // a commit at ≤ 100 ms; of 1 MB, ≤ 100 and ≤ 50 ms (BENCHMARKS.md). An fsync costs ~0.2 ms here: more groups cost little.
    private const int MaxGroupBytes = 1024 * 1024;

    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DbProviderFactory _factory;
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly ILogger _logger;
    private readonly WriterMetrics? _metrics;
    private readonly Task _loop;
    private DbConnection? _connection;
    private readonly Dictionary<string, DbCommand> _prepared = [];

    public GroupCommitWriter(DbProviderFactory factory, Func<CancellationToken, Task<DbConnection>> open, ILogger logger, WriterMetrics? metrics = null)
    {
        _factory = factory;
        _open = open;
        _logger = logger;
        _metrics = metrics;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// The writer of the database <paramref name="storage"/> names. On SQLite its connection commits with the configured
    /// durability: synchronous=FULL by default, so a commit's WAL frames are fsynced before the write completes (an
    /// acknowledged write survives a process crash and a power loss; <see cref="FleetStorageOptions.SqliteSynchronous"/> =
    /// Normal survives only the former). On PostgreSQL a commit returns once its WAL record is flushed (synchronous_commit=on).
    /// </summary>
    public static GroupCommitWriter Open(FleetStorageOptions storage, string serviceId, ILogger logger, WriterMetrics? metrics = null)
    {
        var database = new FleetDatabase(storage, serviceId);
        return new GroupCommitWriter(database.Factory, async ct =>
        {
            var connection = await database.OpenAsync(ct);
            if (storage.Provider == StorageProvider.Sqlite)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = storage.SqliteSynchronous == SqliteSynchronous.Normal ? "PRAGMA synchronous=NORMAL;" : "PRAGMA synchronous=FULL;";
                await command.ExecuteNonQueryAsync(ct);
            }
            return connection;
        }, logger, metrics);
    }

    /// <summary>Groups committed so far, and the writes they held (how well commits are shared).</summary>
    public long Groups { get; private set; }
    public long Writes { get; private set; }

    public Task WriteAsync(QueuedWrite write)
    {
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(GroupCommitWriter), "The database writer is closed.");
        return write.Done.Task;
    }

    private async Task RunAsync()
    {
        var group = new List<QueuedWrite>();
        var backlog = new WriteBacklog();
        while (backlog.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var write)) backlog.Add(write);
            if (backlog.Count == 0) continue;
            backlog.TakeGroup(group, MaxGroupWrites, MaxGroupBytes);
            var started = Stopwatch.GetTimestamp();
            if (_metrics is { } metrics)
                foreach (var write in group) metrics.RecordWait(write, started);
            try
            {
                var wroteNothing = await CommitAsync(group);
                _metrics?.RecordCommit(started);
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

    private async Task CommitOneByOneAsync(List<QueuedWrite> group)
    {
        foreach (var write in group)
        {
            try
            {
                Complete(write, await CommitAsync([write]));
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Database write for {Subject} failed", write.Subject);
                await ResetConnectionAsync();
                write.Done.TrySetException(e);
            }
        }
    }

    private static void Complete(QueuedWrite write, HashSet<QueuedWrite>? wroteNothing)
    {
        if (wroteNothing?.Contains(write) == true) write.Done.TrySetException(write.WhenNoRow!());
        else write.Done.TrySetResult();
    }

    /// <summary>Commits the group in one transaction; returns its writes that had to change a row and changed none, null if none.</summary>
    private async Task<HashSet<QueuedWrite>?> CommitAsync(IReadOnlyList<QueuedWrite> group)
    {
        HashSet<QueuedWrite>? wroteNothing = null;
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
                if (group[i].WhenNoRow is not null && batch.BatchCommands[i].RecordsAffected == 0) (wroteNothing ??= []).Add(group[i]);
        }
        else
        {
            // In process (SQLite): one prepared statement per kind of write, kept with the connection.
            foreach (var write in group)
            {
                var command = Prepared(write);
                command.Transaction = transaction;
                for (var i = 0; i < write.Parameters.Length; i++) command.Parameters[i].Value = write.Parameters[i].Value;
                if (await command.ExecuteNonQueryAsync() == 0 && write.WhenNoRow is not null) (wroteNothing ??= []).Add(write);
            }
        }
        await transaction.CommitAsync();
        Groups++;
        Writes += group.Count;
        return wroteNothing;
    }

    private DbCommand Prepared(QueuedWrite write)
    {
        if (_prepared.TryGetValue(write.Sql, out var command)) return command;
        command = _connection!.CreateCommand();
        command.CommandText = write.Sql;
        foreach (var p in write.Parameters) command.Parameters.Add(NewParameter(p));
        return _prepared[write.Sql] = command;
    }

    private DbParameter NewParameter(WriteParameter p)
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
        catch (Exception e) { _logger.LogDebug(e, "Closing the database writer's connection failed"); }
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
