using Fleet.Models;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Drift;
using Fleet.Tests.Storage;
using Fleet.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Durability;

/// <summary>
/// Users affected on a real in-process silo on SQLite: the hourly sketches written with the checkpoint and the batches
/// after it replayed from the batch log after a crash give back the same registers, bit for bit.
/// </summary>
public sealed class AffectedUsersReplayTests : IDisposable
{
    private readonly TempSqliteFile _file = new();
    private readonly string _serviceId = "fleet-users-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _file.Dispose();

    private async Task<InProcessTestCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        var storage = new FleetStorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseFleetStorage(storage);
            silo.Services.Configure<ModelGrainOptions>(o => o.CheckpointInterval = TimeSpan.FromHours(1));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static Fleet.Events.EventBatch Failing(DateTimeOffset at, int from, int count) => Ev.Batch(at,
        Enumerable.Range(from, count).Select(i => Ev.Prediction(at, error: true) with { UserKey = UserKey.Of($"u-{i}") }));

    [Fact]
    public async Task The_sketches_of_a_checkpoint_and_of_the_log_replayed_after_a_crash_are_the_ones_before_it()
    {
        var id = Ev.NewId("users-replay");
        Fleet.Users.AffectedUsersView before;
        await using (var cluster = await StartAsync())
        {
            var grain = cluster.Client.GetGrain<IModelGrain>(id);
            await grain.Register(TestModels.Define(id));
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
}
