using System.Collections.Concurrent;
using Fleet.Models;
using Fleet.Registry;
using Orleans.Storage;
using Xunit;
using static Fleet.Tests.Core.RegistryTestSupport;

namespace Fleet.Tests.Core;

/// <summary>
/// The registry stores its lines in 32 shards: a level change writes its model's shard alone, holding that shard's lines
/// only, and a new activation reads every shard back. Real grains on a storage that keeps what is written.
/// </summary>
public sealed class RegistryShardTests
{
    [Fact]
    public async Task A_level_change_writes_only_its_models_shard_and_a_new_activation_reads_every_line_back()
    {
        var storage = new KeptStates();
        var ids = Enumerable.Range(0, 200).Select(i => $"model-{i}").ToList();
        await using (var cluster = await StartAsync(storage))
        {
            var registry = cluster.Client.GetGrain<IFleetRegistryGrain>(World.Live);
            foreach (var id in ids) await registry.Upsert(Line(id, DegradationLevel.FullAi));
            var shards = ids.Select(RegistryStates.ShardOf).Distinct().Count();
            Assert.True(shards >= 28, $"200 ids filled {shards} of 32 shards");

            storage.Written.Clear();
            await registry.Upsert(Line("model-7", DegradationLevel.RulesFallback)); // a new shape: written through
            var shard = RegistryStates.ShardName(RegistryStates.ShardOf("model-7"));
            Assert.Equal([shard], storage.Written.ToArray());
            var stored = (RegistryShardState)storage.States[shard];
            var expected = ids.Where(id => RegistryStates.ShardOf(id) == RegistryStates.ShardOf("model-7")).Order().ToList();
            Assert.Equal(expected, stored.Models.Keys.Order().ToList());
            Assert.Equal(DegradationLevel.RulesFallback, stored.Models["model-7"].Level);
        }

        await using (var restarted = await StartAsync(storage)) // a new silo on the same storage: the registry activates afresh
        {
            var view = await restarted.Client.GetGrain<IFleetRegistryGrain>(World.Live).Query(new FleetQuery());
            Assert.Equal(ids.Order().ToList(), view.Models.Select(m => m.Id).Order().ToList());
            Assert.Equal("model-7", Assert.Single(view.Models, m => m.Level == DegradationLevel.RulesFallback).Id);
        }
    }

    [Fact]
    public void Ten_thousand_ids_spread_over_the_shards_within_a_fifth_of_an_even_share()
    {
        // An even share is 312.5 ids a shard; a binomial spread has a standard deviation of ~17.4, so ±62 is ±3.6 of them.
        var counts = Enumerable.Range(0, 10_000).GroupBy(i => RegistryStates.ShardOf($"model-{i:D5}")).Select(g => g.Count()).ToList();
        Assert.Equal(RegistryStates.ShardCount, counts.Count);
        Assert.All(counts, count => Assert.InRange(count, 250, 375));
    }

    [Fact]
    public void Storage_metrics_name_every_lines_shard_alike_and_leave_other_states_as_they_are()
    {
        Assert.Equal(RegistryStates.Lines, RegistryStates.MetricName(RegistryStates.ShardName(0)));
        Assert.Equal(RegistryStates.Lines, RegistryStates.MetricName(RegistryStates.ShardName(31)));
        Assert.Equal(RegistryStates.Header, RegistryStates.MetricName(RegistryStates.Header));
        Assert.Equal("windows", RegistryStates.MetricName("windows"));
    }

    /// <summary>Keeps each state's last written object by state name (one grain here) and the names written, in order.</summary>
    private sealed class KeptStates : IGrainStorage
    {
        public ConcurrentDictionary<string, object> States { get; } = new();
        public ConcurrentQueue<string> Written { get; } = new();

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (States.TryGetValue(stateName, out var state))
            {
                grainState.State = (T)state;
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (grainId.Type.ToString()!.Contains("registry", StringComparison.OrdinalIgnoreCase))
            {
                States[stateName] = grainState.State!;
                Written.Enqueue(stateName);
            }
            grainState.ETag = Guid.NewGuid().ToString("N");
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }
}
