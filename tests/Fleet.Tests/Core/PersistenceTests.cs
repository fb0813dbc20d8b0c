using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Registry;
using Fleet.Snapshots;
using Fleet.Tests.Storage;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README "Durability": definition and level history are written before a call returns; windows, pending
/// predictions and the batch ledger are one checkpoint. Each test owns a SQLite file and restarts a real
/// silo on it (same service id).
/// </summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TempSqliteFile _file = new();
    private readonly string _serviceId = "fleet-restart-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _file.Dispose();

    private Task<FleetTestCluster> StartAsync(TimeSpan? checkpointInterval = null) =>
        FleetTestCluster.StartAsync(_file.Path, _serviceId, checkpointInterval);

    private static (ModelDefinition Definition, Fleet.Events.EventBatch Batch) SlowModelWithQuality()
    {
        var definition = TestModels.Define();
        var (predictions, outcomes) = Ev.Labelled(T0, tp: 70, fp: 10, fn: 5, tn: 15, latencyMs: 900); // accuracy 0.85
        return (definition, Ev.Batch(T0, [.. predictions, .. Ev.Many(20, T0, latencyMs: 900)], outcomes, batchId: "before-restart"));
    }

    /// <summary>What must survive a restart. Breaches are left out here: see the skipped Breaches_are_back_after_a_silo_restart.</summary>
    private static object Durable(ModelSnapshot s) => new
    {
        s.Level, s.Watermark, s.History, s.LastTransition, s.Counters, s.Gaps, s.Baseline,
        Windows = s.Windows.ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
        Definition = Json.Of(s.Definition),
    };

    [Fact]
    public async Task Snapshot_and_registry_are_back_after_a_silo_restart_and_old_batch_ids_are_still_duplicates()
    {
        var (definition, batch) = SlowModelWithQuality();
        ModelSnapshot before;
        FleetView fleetBefore;
        await using (var fleet = await StartAsync())
        {
            var grain = fleet.Model(definition.Id);
            await grain.Register(definition);
            Assert.True((await grain.Ingest(batch)).Accepted);
            await grain.Checkpoint();
            before = (await grain.GetSnapshot())!;
            fleetBefore = await fleet.Registry.Query(new FleetQuery());
        }
        Assert.Equal(DegradationLevel.RulesFallback, before.Level);
        Assert.Equal((120L, 100L, 0.85), (before.Windows[WindowSpan.OneHour].Volume, before.Windows[WindowSpan.OneHour].QualitySamples, before.Windows[WindowSpan.OneHour].Quality!.Value));

        await using (var fleet = await StartAsync())
        {
            var grain = fleet.Model(definition.Id);
            var after = (await grain.GetSnapshot())!;
            Assert.Equal(Json.Of(Durable(before)), Json.Of(Durable(after)));
            Assert.Equal(20, after.Counters.PendingOutcomes);

            var fleetAfter = await fleet.Registry.Query(new FleetQuery());
            Assert.Equal(Json.Of(fleetBefore.Models), Json.Of(fleetAfter.Models));
            Assert.Equal(Json.Of(fleetBefore.CountsByLevel), Json.Of(fleetAfter.CountsByLevel));

            var resent = await grain.Ingest(batch);
            Assert.True(resent.Duplicate);
            Assert.Equal(120, (await grain.GetSnapshot())!.Windows[WindowSpan.OneHour].Volume);
        }
    }

    [Fact]
    public async Task Breaches_are_back_after_a_silo_restart()
    {
        var (definition, batch) = SlowModelWithQuality();
        await using (var fleet = await StartAsync())
        {
            await fleet.Model(definition.Id).Register(definition);
            await fleet.Model(definition.Id).Ingest(batch);
            await fleet.Model(definition.Id).Checkpoint();
        }

        await using (var fleet = await StartAsync())
        {
            var after = (await fleet.Model(definition.Id).GetSnapshot())!;
            Assert.Equal(DegradationLevel.RulesFallback, after.Level);
            Assert.Equal("latency-p95", Assert.Single(after.Breaches).Threshold);
        }
    }

    [Fact]
    public async Task A_level_transition_is_durable_without_a_checkpoint_and_the_acknowledged_batch_is_replayed_after_a_crash()
    {
        var (definition, batch) = SlowModelWithQuality();
        LevelTransition transition;
        await using (var fleet = await StartAsync(checkpointInterval: TimeSpan.FromHours(1)))
        {
            var grain = fleet.Model(definition.Id);
            await grain.Register(definition);
            await grain.Ingest(batch);
            transition = (await grain.GetSnapshot())!.LastTransition!;
            await fleet.KillSiloAsync();
        }

        await using (var fleet = await StartAsync())
        {
            var after = (await fleet.Model(definition.Id).GetSnapshot())!;
            Assert.Equal(DegradationLevel.RulesFallback, after.Level);
            Assert.Equal(Json.Of(transition), Json.Of(Assert.Single(after.History)));
            Assert.Equal(Json.Of(definition), Json.Of(after.Definition));
            // No checkpoint was written: the batch log brings the acknowledged batch back, ledger included.
            Assert.Equal(120, after.Windows[WindowSpan.OneHour].Volume);
            Assert.True((await fleet.Model(definition.Id).Ingest(batch)).Duplicate);
        }
    }

    [Fact]
    public async Task A_level_transition_caused_by_new_thresholds_is_durable()
    {
        var definition = TestModels.Define();
        await using (var fleet = await StartAsync(checkpointInterval: TimeSpan.FromHours(1)))
        {
            var grain = fleet.Model(definition.Id);
            await grain.Register(definition);
            await grain.Ingest(Ev.Batch(T0, Ev.Many(100, T0, latencyMs: 150)));
            var stricter = definition with { Thresholds = definition.Thresholds.With(ThresholdCatalogue.LatencyP95, new Limit(100, WindowSpan.FiveMinutes, 100)) };
            Assert.Equal(DegradationLevel.RulesFallback, (await grain.Register(stricter)).Level);
            await fleet.KillSiloAsync();
        }

        await using (var fleet = await StartAsync())
        {
            var after = (await fleet.Model(definition.Id).GetSnapshot())!;
            Assert.Equal(DegradationLevel.RulesFallback, after.Level);
            Assert.Single(after.History);
        }
    }

    [Fact]
    public async Task The_registry_shows_the_durable_level_after_a_crash()
    {
        var (definition, batch) = SlowModelWithQuality();
        await using (var fleet = await StartAsync(checkpointInterval: TimeSpan.FromHours(1)))
        {
            await fleet.Model(definition.Id).Register(definition);
            await fleet.Model(definition.Id).Ingest(batch);
            await fleet.KillSiloAsync();
        }

        await using (var fleet = await StartAsync())
        {
            var line = Assert.Single((await fleet.Registry.Query(new FleetQuery())).Models);
            Assert.Equal(DegradationLevel.RulesFallback, line.Level);
        }
    }
}
