using Fleet.Durability;
using Fleet.Models;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.BatchLog;
using Fleet.Tests.Core;
using Fleet.Tests.Drift;
using Fleet.Tests.Storage;
using Fleet.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Durability;

/// <summary>
/// README "Durability" on a real in-process silo on SQLite: what replay applies after a crash, what a checkpoint
/// truncates, and what DurableAck=false gives up. Each test owns its file and restarts the silo on it.
/// </summary>
public sealed class ReplayTests : IDisposable
{
    private readonly TempSqliteFile _file = new();
    private readonly string _serviceId = "fleet-replay-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _file.Dispose();

    private FleetStorageOptions Storage => new() { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };

    private async Task<InProcessTestCluster> StartAsync(bool durableAck = true)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        var storage = Storage;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseFleetStorage(storage);
            silo.Services.Configure<ModelGrainOptions>(o => (o.CheckpointInterval, o.DurableAck) = (TimeSpan.FromHours(1), durableAck));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static async Task<IModelGrain> RegisteredAsync(InProcessTestCluster cluster, string id)
    {
        var grain = cluster.Client.GetGrain<IModelGrain>(id);
        await grain.Register(TestModels.Define(id));
        return grain;
    }

    [Fact]
    public async Task A_batch_in_both_the_checkpoint_and_the_log_is_applied_once_even_past_the_ledger()
    {
        // Keeping every batch (as a recording would) leaves the checkpointed ones in the log. More of them than the
        // batch ledger remembers (1,024), so only the checkpoint's log position can tell replay to skip them.
        var id = Ev.NewId("replay-once");
        const int checkpointed = 1_030, after = 5;
        await using (var cluster = await StartAsync())
        {
            await KeepEverythingAsync(id);
            var grain = await RegisteredAsync(cluster, id);
            // Unscored predictions await no outcome, so nothing but the ledger and the log position could refuse them again.
            for (var i = 0; i < checkpointed; i++) Assert.True((await grain.Ingest(Ev.Batch(T0, Ev.Many(1, T0, score: null)))).Accepted);
            await grain.Checkpoint();
            for (var i = 0; i < after; i++) Assert.True((await grain.Ingest(Ev.Batch(T0, Ev.Many(1, T0, score: null)))).Accepted);
            await cluster.KillSiloAsync(cluster.Silos[0]);
        }
        Assert.Equal(checkpointed + after, await BatchLogTable.RowsAsync(Storage, id));

        await using (var cluster = await StartAsync())
        {
            var snapshot = (await cluster.Client.GetGrain<IModelGrain>(id).GetSnapshot())!;
            Assert.Equal(checkpointed + after, snapshot.Windows[WindowSpan.OneHour].Volume);
            Assert.Equal((checkpointed + after, 0L, checkpointed + after),
                (snapshot.Counters.Batches, snapshot.Counters.DuplicateBatches, snapshot.Counters.Predictions));
        }
    }

    [Fact]
    public async Task A_checkpoint_truncates_the_log_it_covers_and_later_batches_are_logged_again()
    {
        var id = Ev.NewId("truncate");
        await using var cluster = await StartAsync();
        var grain = await RegisteredAsync(cluster, id);
        for (var i = 0; i < 3; i++) await grain.Ingest(Ev.Batch(T0, Ev.Many(10, T0)));
        Assert.Equal(3, await BatchLogTable.RowsAsync(Storage, id));

        await grain.Checkpoint();
        Assert.Equal(new long[] { 3 }, await PositionsAsync(id)); // the head stays: appends are checked against it

        await grain.Ingest(Ev.Batch(T0, Ev.Many(10, T0)));
        Assert.Equal(new long[] { 3, 4 }, await PositionsAsync(id));
    }

    [Fact]
    public async Task Refused_and_duplicate_batches_are_not_logged()
    {
        var id = Ev.NewId("refused");
        await using var cluster = await StartAsync();
        var grain = await RegisteredAsync(cluster, id);
        var batch = Ev.Batch(T0, Ev.Many(10, T0));
        Assert.True((await grain.Ingest(batch)).Accepted);
        Assert.True((await grain.Ingest(batch)).Duplicate);
        Assert.False((await grain.Ingest(Ev.Batch(T0, [Ev.Prediction(T0, servedLevel: 9)]))).Accepted);
        Assert.Equal(1, await BatchLogTable.RowsAsync(Storage, id));
    }

    [Fact]
    public async Task Without_durable_acknowledgements_a_crash_loses_what_the_checkpoint_does_not_hold()
    {
        var id = Ev.NewId("fast-ack");
        await using (var cluster = await StartAsync(durableAck: false))
        {
            var grain = await RegisteredAsync(cluster, id);
            await grain.Ingest(Ev.Batch(T0, Ev.Many(10, T0)));
            await grain.Checkpoint();
            await grain.Ingest(Ev.Batch(T0, Ev.Many(7, T0)));
            Assert.Equal(0, await BatchLogTable.RowsAsync(Storage, id));
            await cluster.KillSiloAsync(cluster.Silos[0]);
        }

        await using (var cluster = await StartAsync(durableAck: false))
        {
            // The loss bound the README states: what came after the last checkpoint (here the 7).
            Assert.Equal(10, (await cluster.Client.GetGrain<IModelGrain>(id).GetSnapshot())!.Windows[WindowSpan.OneHour].Volume);
        }
    }

    [Fact]
    public async Task A_batch_whose_append_fails_is_not_applied_and_its_resend_is_accepted()
    {
        var id = Ev.NewId("append-fails");
        await using var cluster = await StartAsync();
        var grain = await RegisteredAsync(cluster, id);
        var first = Ev.Batch(T0, Ev.Many(10, T0));
        var second = Ev.Batch(T0, Ev.Many(7, T0));
        Assert.True((await grain.Ingest(first)).Accepted);

        await ExecuteAsync("ALTER TABLE FleetBatchLog RENAME TO FleetBatchLogAway");
        await Assert.ThrowsAnyAsync<Exception>(() => grain.Ingest(second));
        await ExecuteAsync("ALTER TABLE FleetBatchLogAway RENAME TO FleetBatchLog");

        var resent = await grain.Ingest(second);
        Assert.True(resent.Accepted);
        Assert.False(resent.Duplicate);
        Assert.True((await grain.Ingest(first)).Duplicate);
        Assert.Equal(17, (await grain.GetSnapshot())!.Windows[WindowSpan.OneHour].Volume);
    }

    private async Task<long[]> PositionsAsync(string model)
    {
        await using var log = new SqlBatchLog(Storage, _serviceId, NullLogger<SqlBatchLog>.Instance);
        return [.. (await log.ReadAsync(model, 0)).Select(r => r.Position)];
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Storage.SqliteFullPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A recording of the model from its first batch on, still running: truncation keeps all its batches.</summary>
    private static Fleet.Events.EventBatch Failing(DateTimeOffset at, int from, int count) => Ev.Batch(at,
        Enumerable.Range(from, count).Select(i => Ev.Prediction(at, error: true) with { UserKey = UserKey.Of($"u-{i}") }));

    /// <summary>Users affected: the hourly sketches written with the checkpoint and the batches after it replayed from the
    /// batch log after a crash give back the same registers, bit for bit.</summary>
    [Fact]
    public async Task The_sketches_of_a_checkpoint_and_of_the_log_replayed_after_a_crash_are_the_ones_before_it()
    {
        var id = Ev.NewId("users-replay");
        Fleet.Users.AffectedUsersView before;
        await using (var cluster = await StartAsync())
        {
            var grain = await RegisteredAsync(cluster, id);
            Assert.True((await grain.Ingest(Failing(T0, 0, 400))).Accepted);
            await grain.Checkpoint();
            // After the checkpoint: more users in the same hour and a new hour, only in the batch log.
            Assert.True((await grain.Ingest(Failing(T0.AddMinutes(30), 300, 400))).Accepted);
            Assert.True((await grain.Ingest(Failing(T0.AddHours(1), 0, 50))).Accepted);
            before = (await grain.GetAffectedUsers())!;
            await cluster.KillSiloAsync(cluster.Silos[0]);
        }
        Assert.Equal([T0, T0.AddHours(1)], before.Hours.Select(h => h.Start));
        Assert.InRange(before.Hours[0].Sketch.Estimate(), 700 * 0.9, 700 * 1.1);

        await using (var cluster = await StartAsync())
        {
            var after = (await cluster.Client.GetGrain<IModelGrain>(id).GetAffectedUsers())!;
            Assert.Equal(before.PredictionsWithUser, after.PredictionsWithUser);
            Assert.Equal(before.Hours.Select(h => h.Start), after.Hours.Select(h => h.Start));
            for (var i = 0; i < before.Hours.Count; i++)
                Assert.Equal(OrleansRoundTrip.Bytes(before.Hours[i].Sketch), OrleansRoundTrip.Bytes(after.Hours[i].Sketch));
        }
    }

    private Task KeepEverythingAsync(string model) =>
        new Fleet.Silo.Recordings.SqlRecordingStore(Storage, _serviceId).CreateAsync(
            new("rec-everything", "record", model, Fleet.Silo.Recordings.SqlRecordingStore.Recording, T0, null, null, null),
            [new(model, model, 1, null, "")], CancellationToken.None);
}
