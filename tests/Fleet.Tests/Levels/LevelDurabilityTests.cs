using Fleet.Models;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Orleans.Runtime;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Levels;

/// <summary>
/// What decides a model's future transitions survives its grain's deactivation (a pause longer than the idle-collection
/// age) and a silo restart; a new version's empty windows and the registry's version survive a restart. Real silos on
/// a SQLite file each test owns.
/// </summary>
public sealed class LevelDurabilityTests : IDisposable
{
    private readonly TempSqliteFile _file = new();
    private readonly string _serviceId = "fleet-levels-" + Guid.NewGuid().ToString("N");

    public void Dispose() => _file.Dispose();

    private Task<FleetTestCluster> StartAsync() => FleetTestCluster.StartAsync(_file.Path, _serviceId);

    /// <summary>100 predictions a minute at <paramref name="latencyMs"/>, each minute its own batch.</summary>
    private static Task Serve(IModelGrain grain, int minute, double latencyMs) =>
        grain.Ingest(Ev.Batch(T0.AddMinutes(minute), Ev.Many(100, T0.AddMinutes(minute), latencyMs: latencyMs)));

    /// <summary>Collects every idle activation, as the silo does after a pause longer than the collection age.</summary>
    private static async Task CollectIdleAsync(FleetTestCluster fleet, string modelId)
    {
        var management = fleet.Client.GetGrain<IManagementGrain>(0);
        var type = GrainType.Create("model");
        var id = GrainId.Create(type, modelId);
        Assert.Contains(id, await management.GetActiveGrains(type));
        await management.ForceActivationCollection(TimeSpan.Zero);
        for (var i = 0; i < 100 && (await management.GetActiveGrains(type)).Contains(id); i++) await Task.Delay(100);
        Assert.DoesNotContain(id, await management.GetActiveGrains(type));
    }

    [Fact]
    public async Task A_recovery_and_an_alerts_keep_firing_clock_in_progress_end_at_the_same_event_time_when_the_grain_is_deactivated()
    {
        await using var fleet = await StartAsync();
        var steady = fleet.Model("steady-" + Guid.NewGuid().ToString("N"));
        var paused = fleet.Model("paused-" + Guid.NewGuid().ToString("N"));
        var grains = new[] { steady, paused };
        foreach (var grain in grains)
        {
            await grain.Register(TestModels.Define(id: grain.GetPrimaryKeyString()));
            // P95 900 ms over 5 m from 10:00 to 10:15: rules-based fallback at 10:00, and latency-budget (P95 within 10 %
            // of its limit for 15 m) fires at 10:15. From 10:16 requests take 10 ms; at 10:20 the slow minutes have left
            // the 5 m window: the level's recovery hold (10 m) and the alert's keep_firing_for (15 m) start, neither a
            // transition, so nothing is written through.
            for (var minute = 0; minute <= 15; minute++) await Serve(grain, minute, latencyMs: 900);
            for (var minute = 16; minute <= 20; minute++) await Serve(grain, minute, latencyMs: 10);
        }
        Assert.Contains("latency-budget (firing)", (await paused.GetSnapshot())!.ActiveAlerts!);

        await CollectIdleAsync(fleet, paused.GetPrimaryKeyString());

        var recovered = new Dictionary<IModelGrain, DateTimeOffset?> { [steady] = null, [paused] = null };
        var resolved = new Dictionary<IModelGrain, DateTimeOffset?> { [steady] = null, [paused] = null };
        for (var minute = 21; minute <= 40; minute++)
        {
            foreach (var grain in grains)
            {
                await Serve(grain, minute, latencyMs: 10);
                var snapshot = (await grain.GetSnapshot())!;
                if (snapshot.Level == DegradationLevel.FullAi) recovered[grain] ??= T0.AddMinutes(minute);
                if (!snapshot.ActiveAlerts!.Contains("latency-budget (firing)")) resolved[grain] ??= T0.AddMinutes(minute);
            }
        }

        // Both started at 10:20: the level recovers at 10:30 and the alert resolves at 10:35, the paused model's too.
        Assert.Equal((T0.AddMinutes(30), T0.AddMinutes(35)), (recovered[steady], resolved[steady]));
        Assert.Equal((recovered[steady], resolved[steady]), (recovered[paused], resolved[paused]));
    }

    [Fact]
    public async Task A_new_versions_empty_windows_are_durable_before_registration_returns()
    {
        var definition = TestModels.Define();
        var (predictions, outcomes) = Ev.Labelled(T0, tp: 70, fp: 10, fn: 5, tn: 15);
        await using (var fleet = await StartAsync())
        {
            var grain = fleet.Model(definition.Id);
            await grain.Register(definition);
            await grain.Ingest(Ev.Batch(T0, predictions, outcomes));
            await grain.Checkpoint();
            Assert.Equal(100, (await grain.GetSnapshot())!.Windows[WindowSpan.OneHour].QualitySamples);

            await grain.Register(definition with { Version = "2.0.0" });
            Assert.Equal(0, (await grain.GetSnapshot())!.Windows[WindowSpan.OneHour].QualitySamples);
            await fleet.KillSiloAsync(); // nothing flushed after the registration returned
        }

        await using (var fleet = await StartAsync())
        {
            var after = (await fleet.Model(definition.Id).GetSnapshot())!;
            Assert.Equal("2.0.0", after.Definition.Version);
            Assert.Equal(0, after.Windows[WindowSpan.OneHour].QualitySamples); // the old version's labels do not come back
            Assert.Equal(100, after.Windows[WindowSpan.OneHour].Volume);      // volume keeps its history
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_registrys_version_never_goes_back_across_a_silo_restart(bool crash)
    {
        long before;
        await using (var fleet = await StartAsync())
        {
            for (var i = 0; i < 3; i++) await fleet.Model(Ev.NewId("model")).Register(TestModels.Define());
            before = await fleet.Registry.GetVersion();
            Assert.True(before > 0);
            if (crash) await fleet.KillSiloAsync();
        }

        await using (var fleet = await StartAsync())
        {
            var restarted = await fleet.Registry.GetVersion();
            await fleet.Model(Ev.NewId("model")).Register(TestModels.Define());
            var changed = await fleet.Registry.GetVersion();

            // A page that saw `before` applies every later diff only when its version is higher.
            Assert.True(restarted > before, $"version {restarted} after the restart, {before} before it");
            Assert.True(changed > restarted);
            Assert.Equal(4, (await fleet.Registry.Query(new Fleet.Registry.FleetQuery())).Total);
        }
    }
}
