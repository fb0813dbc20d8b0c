using System.Diagnostics;
using Fleet.Silo.Storage;
using Fleet.Simulation.Runs;
using Fleet.Tests.Storage;
using Orleans.TestingHost;

namespace Fleet.Tests.Simulation;

/// <summary>
/// Same scenario + same seed + same actions = the same run, whatever carries it: repeated runs, plain
/// monitors or real grains, any speed, stepped by hand. The digest hashes the level transitions in order.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    /// <summary>Three models, an hour: timeouts on half the credit models, errors on the fraud model, an
    /// operator's drill. It makes several transitions whose times and reasons depend on the draws.</summary>
    internal const string Yaml = """
        name: determinism
        seed: 5
        duration: 1h
        fleet:
          - domain: credit
            count: 2
            dataSources: [bureau, app]
          - domain: fraud
            count: 1
        traffic: { rate: 3, shape: flat, labelDelay: 1m }
        injections:
          - name: slow
            at: 5m
            fault: timeouts
            targets: { domain: credit, percent: 50 }
            magnitude: 0.05
            duration: 15m
          - name: errors
            at: 10m
            fault: serving-outage
            targets: { ids: [fraud-001] }
            magnitude: 0.03
            duration: 20m
        actions:
          - at: 40m
            action: force-level
            level: 3
            targets: { ids: [credit-002] }
            by: alice
            reason: drill
          - at: 50m
            action: release
            targets: { ids: [credit-002] }
            by: alice
            reason: drill over
        """;

    private readonly TempSqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private static async Task<ScenarioRun> RunAsync(RunOptions options, IFleetSink? sink = null)
    {
        var run = new ScenarioRun(Sim.Parse(Yaml), options, sink ?? new MonitorFleetSink());
        await run.RunAsync(CancellationToken.None);
        return run;
    }

    [Fact]
    public async Task Same_scenario_and_seed_give_the_same_digest()
    {
        var first = await RunAsync(new RunOptions());
        var second = await RunAsync(new RunOptions());

        Assert.True(first.Transitions.Count >= 4, $"only {first.Transitions.Count} transitions: the digest would prove little");
        Assert.Equal(first.Transitions, second.Transitions);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Events, second.Events);
    }

    [Fact]
    public async Task A_different_seed_gives_a_different_digest()
    {
        var five = await RunAsync(new RunOptions());
        var six = await RunAsync(new RunOptions { Seed = 6 });

        Assert.Equal(5, five.Seed);
        Assert.Equal(6, six.Seed);
        Assert.NotEmpty(six.Transitions);
        Assert.NotEqual(five.Digest, six.Digest);
    }

    [Fact]
    public async Task Finite_speed_gives_the_same_digest_as_infinite_speed()
    {
        var fast = await RunAsync(new RunOptions());
        var watch = Stopwatch.StartNew();
        var paced = await RunAsync(new RunOptions { Speed = 3600 });
        watch.Stop();

        Assert.Equal(fast.Transitions, paced.Transitions);
        Assert.Equal(fast.Digest, paced.Digest);
        // At 3600x each 10 s tick waits (long)(10,000 ms / 3600) = 2 ms of wall time: 360 ticks take at
        // least 0.72 s, so the run really was paced (only a lower bound: the machine may be slower).
        Assert.Equal(360, paced.Ticks);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(700), $"a paced hour took only {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Plain_monitors_and_real_grains_give_the_same_digest()
    {
        var plain = await RunAsync(new RunOptions());

        await using var cluster = await StartClusterAsync();
        var grains = await RunAsync(new RunOptions(), new GrainFleetSink(cluster.Client));

        Assert.Equal(plain.Transitions, grains.Transitions);
        Assert.Equal(plain.Digest, grains.Digest);
        // The grains hold the same levels the run ended with.
        foreach (var (model, level) in plain.Summary().FinalLevels)
        {
            var snapshot = await cluster.Client.GetGrain<IModelGrain>(model).GetSnapshot();
            Assert.Equal(level, (int)snapshot!.Level);
        }
    }

    [Fact]
    public async Task A_paused_run_advances_exactly_one_tick_per_step()
    {
        var expected = await RunAsync(new RunOptions());

        var run = new ScenarioRun(Sim.Parse(Yaml), new RunOptions { Speed = 0 }, new MonitorFleetSink());
        using var stop = new CancellationTokenSource();
        var running = run.RunAsync(stop.Token);
        Assert.False(running.IsCompleted);
        Assert.Equal(0, run.Ticks);

        for (var step = 1; step <= 3; step++)
        {
            run.Clock.Step();
            // The tick runs on the thread pool; wait (bounded, not a fixed sleep) until it is counted.
            Assert.True(SpinWait.SpinUntil(() => run.Ticks >= step, TimeSpan.FromSeconds(10)), $"step {step} never ran");
            Assert.Equal(run.Start + step * Sim.Tick, run.Clock.Now);
        }
        // The run must now be parked waiting for the next step: cancel and check nothing more happened.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(3, run.Ticks);
        Assert.Equal(run.Start + 3 * Sim.Tick, run.Clock.Now);

        // Resumed as fast as possible, the stepped run ends where the unpaused one did.
        run.Clock.SetSpeed(double.PositiveInfinity);
        await run.RunAsync(CancellationToken.None);
        Assert.Equal(expected.Digest, run.Digest);
    }

    [Fact]
    public async Task Virtual_clock_paused_lets_exactly_one_tick_through_per_step()
    {
        var clock = new VirtualClock(Sim.T0, 0);
        var first = clock.WaitForTickAsync(Sim.Tick, CancellationToken.None);
        Assert.False(first.IsCompleted);
        clock.Step();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        var second = clock.WaitForTickAsync(Sim.Tick, CancellationToken.None);
        Assert.False(second.IsCompleted); // one step, one tick
        clock.Step();
        await second.WaitAsync(TimeSpan.FromSeconds(10));

        // Steps granted ahead are not lost, and each is used once.
        clock.Step();
        clock.Step();
        await clock.WaitForTickAsync(Sim.Tick, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await clock.WaitForTickAsync(Sim.Tick, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(clock.WaitForTickAsync(Sim.Tick, CancellationToken.None).IsCompleted);
        Assert.Equal(Sim.T0, clock.Now); // waiting never moves virtual time; only the run advances it
    }

    [Fact]
    public async Task A_release_that_moves_nothing_records_no_transition_on_either_sink()
    {
        const string yaml = """
            name: noop-release
            seed: 2
            duration: 5m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 1, shape: flat }
            actions:
              - at: 2m
                action: force-level
                level: 1
                targets: { ids: [credit-001] }
                by: alice
                reason: pin while we look
              - at: 2m
                action: release
                targets: { ids: [credit-001] }
                by: alice
                reason: nothing to see
            """;
        var plain = new ScenarioRun(Sim.Parse(yaml), new RunOptions(), new MonitorFleetSink());
        await plain.RunAsync(CancellationToken.None);
        await using var cluster = await StartClusterAsync();
        var grains = new ScenarioRun(Sim.Parse(yaml), new RunOptions(), new GrainFleetSink(cluster.Client));
        await grains.RunAsync(CancellationToken.None);

        Assert.Equal(plain.Transitions, grains.Transitions);
        Assert.Equal(plain.Digest, grains.Digest);
    }

    /// <summary>One silo with Fleet's storage on a fresh SQLite file, as the storage tests build it.</summary>
    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "fleet-sim-" + Guid.NewGuid().ToString("N");
        var options = new FleetStorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = _file.Path };
        builder.ConfigureSilo((_, silo) => silo.UseFleetStorage(options));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
