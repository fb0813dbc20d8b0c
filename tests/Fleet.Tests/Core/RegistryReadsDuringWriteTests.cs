using Fleet.Models;
using Fleet.Registry;
using Orleans.Storage;
using Xunit;
using static Fleet.Tests.Core.RegistryTestSupport;

namespace Fleet.Tests.Core;

/// <summary>
/// The page's push and the API read the registry while a level change is being written through: the grain is reentrant,
/// so the reads interleave with the write (they read the in-memory index; the write stores a copy) instead of queueing
/// behind the storage. Real grains, with a grain storage that holds a write until the test lets it go.
/// </summary>
public sealed class RegistryReadsDuringWriteTests
{
    [Fact]
    public async Task Query_version_and_contains_answer_while_a_level_change_waits_for_its_write()
    {
        var storage = new HeldWrites();
        var cluster = await StartAsync(storage);
        try
        {
            var registry = cluster.Client.GetGrain<IFleetRegistryGrain>(World.Live);
            await registry.Upsert(Line("m-1", DegradationLevel.FullAi));
            var before = await registry.GetVersion();

            storage.Hold();
            var levelChange = registry.Upsert(Line("m-1", DegradationLevel.RulesFallback)); // a new shape: written through
            await storage.Holding.WaitAsync(TimeSpan.FromSeconds(10));

            var reads = Task.WhenAll(registry.GetVersion(), registry.Contains("m-1"), registry.Query(new FleetQuery()));
            await reads.WaitAsync(TimeSpan.FromSeconds(10)); // queued behind the held write, this would time out
            Assert.False(levelChange.IsCompleted);
            Assert.True(await registry.GetVersion() > before);
            Assert.Equal(DegradationLevel.RulesFallback, (await registry.Query(new FleetQuery())).Models.Single().Level);

            storage.Release();
            await levelChange.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            storage.Release();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Keeps nothing; while held, a write waits until released and says it started.</summary>
    private sealed class HeldWrites : IGrainStorage
    {
        private readonly WriteGate _gate = new();
        public SemaphoreSlim Holding { get; } = new(0);

        public void Hold() => _gate.Hold();
        public void Release() => _gate.Release();

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var gate = _gate.Passage;
            if (!gate.IsCompleted) Holding.Release();
            await gate;
            grainState.ETag = Guid.NewGuid().ToString("N");
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
