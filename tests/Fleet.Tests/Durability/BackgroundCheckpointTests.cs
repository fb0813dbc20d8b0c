using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Durability;

/// <summary>
/// A model's interval checkpoint is written in the background (README "Durability"): the model answers batches while
/// the copy of its windows waits for storage, the copy holds what was applied when it was taken and nothing after, and
/// a crash after checkpoints taken between batches loses no acknowledged batch.
/// </summary>
public sealed class BackgroundCheckpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_model_answers_batches_while_its_checkpoint_waits_for_storage_and_the_copy_written_does_not_move()
    {
        var storage = new HeldWindowWrites();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddGrainStorage(StorageNames.Fleet, (_, _) => storage);
            silo.Services.Configure<ModelGrainOptions>(o => o.CheckpointInterval = TimeSpan.FromMilliseconds(200));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var id = Ev.NewId("background-checkpoint");
            var grain = cluster.Client.GetGrain<IModelGrain>(id);
            await grain.Register(TestModels.Define(id));
            storage.Hold();
            Assert.True((await grain.Ingest(Ev.Batch(T0, Ev.Many(10, T0)))).Accepted);
            var written = await storage.Holding.Task.WaitAsync(Wait); // the timer's checkpoint, held

            // Answered while the checkpoint waits: queued behind it, these would time out.
            Assert.True((await grain.Ingest(Ev.Batch(T0.AddSeconds(1), Ev.Many(7, T0.AddSeconds(1)))).WaitAsync(Wait)).Accepted);
            var snapshot = (await grain.GetSnapshot().WaitAsync(Wait))!;
            Assert.Equal(17, snapshot.Counters.Predictions);
            Assert.False(storage.Released);

            // The copy being written holds the first batch only, and is not the object the second batch changed.
            Assert.Equal((1L, 10L), (written.Batches, written.Predictions));
            storage.Release();
            await storage.NextWrite(w => w.Predictions == 17).WaitAsync(Wait); // the next interval writes the rest
        }
        finally
        {
            storage.Release();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Checkpoints_taken_between_batches_lose_no_acknowledged_batch_in_a_crash()
    {
        using var file = new TempSqliteFile();
        var service = "fleet-bg-checkpoint-" + Guid.NewGuid().ToString("N");
        var id = Ev.NewId("bg-crash");
        long acknowledged = 0;
        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service, TimeSpan.FromMilliseconds(50)))
        {
            var grain = fleet.Model(id);
            await grain.Register(TestModels.Define(id));
            var until = DateTime.UtcNow.AddSeconds(2);
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                var at = T0.AddMilliseconds(i);
                if ((await grain.Ingest(Ev.Batch(at, Ev.Many(3, at, score: null)))).Accepted) acknowledged += 3;
            }
            await fleet.KillSiloAsync();
        }
        Assert.True(acknowledged > 300, $"only {acknowledged} predictions were sent: too few batches overlapped a checkpoint");

        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service))
        {
            var snapshot = (await fleet.Model(id).GetSnapshot())!;
            Assert.Equal(acknowledged, snapshot.Counters.Predictions);
        }
    }

    /// <summary>Keeps nothing; holds a model's windows write while asked to, and hands the tests each copy written.</summary>
    private sealed class HeldWindowWrites : IGrainStorage
    {
        private readonly WriteGate _gate = new();
        private readonly List<(Func<WindowCheckpoint, bool> When, TaskCompletionSource Seen)> _waiting = [];

        public TaskCompletionSource<WindowCheckpoint> Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Released => _gate.IsOpen;

        public void Hold() => _gate.Hold();
        public void Release() => _gate.Release();

        public Task NextWrite(Func<WindowCheckpoint, bool> when)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiting) _waiting.Add((when, seen));
            return seen.Task;
        }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (grainState.State is WindowCheckpoint copy && copy.Batches > 0)
            {
                var gate = _gate.Passage;
                if (!gate.IsCompleted) Holding.TrySetResult(copy);
                await gate;
                lock (_waiting)
                    foreach (var (when, seen) in _waiting.Where(w => w.When(copy))) seen.TrySetResult();
            }
            grainState.ETag = Guid.NewGuid().ToString("N");
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
