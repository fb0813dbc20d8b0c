using Fleet.Models;
using Fleet.Runs;
using Fleet.Simulation.Runs;

namespace Fleet.Tests.Simulation;

/// <summary>
/// One run shared by the retrain and rollback tests: a credit model (5 predictions/s, labels after 1 min)
/// whose concept shifts at 20 min; alice retrains at 40 min (it serves after <see cref="ScenarioRun.RetrainDuration"/>);
/// bob rolls back at 90 min.
/// </summary>
public sealed class RetrainRun : IAsyncLifetime
{
    public const string Yaml = """
        name: retrain
        seed: 8
        duration: 2h
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 5, shape: flat, labelDelay: 1m }
        injections:
          - name: shift
            at: 20m
            fault: concept-drift
            targets: { ids: [credit-001] }
            magnitude: 2
        actions:
          - at: 40m
            action: retrain
            targets: { ids: [credit-001] }
            by: alice
            reason: accuracy fell after the shift
          - at: 90m
            action: rollback
            targets: { ids: [credit-001] }
            by: bob
            reason: compare with the old version
        """;

    public static readonly TimeSpan Drift = TimeSpan.FromMinutes(20), Retrain = TimeSpan.FromMinutes(40), Rollback = TimeSpan.FromMinutes(90);

    internal ScenarioRun Run { get; private set; } = null!;
    internal RecordingSink Sink { get; private set; } = null!;
    internal Trace Trace { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Run, Sink) = await Sim.RunAsync(Yaml);
        Trace = Sink.TraceOf("credit-001");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    internal double Accuracy(TimeSpan from, TimeSpan to) =>
        Trace.Between(Sim.T0 + from, Sim.T0 + to).Quality(QualityMetricKind.Accuracy);
}

/// <summary>Operator actions have the simulated effect they claim, and each is journaled with who, when and why.</summary>
public sealed class ActionTests(RetrainRun shared) : IClassFixture<RetrainRun>
{
    private static readonly TimeSpan Ready = RetrainRun.Retrain + ScenarioRun.RetrainDuration;

    [Fact]
    public void Retrain_recovers_quality_after_concept_drift_once_the_retraining_has_finished()
    {
        // ~6,000 joined outcomes before the drift, ~6,000 between the new version and the rollback:
        // the standard error of their difference is ~0.7 points. The drift (magnitude 2) costs ~18
        // points; require 10 both while drifted and while the retraining is still running, and the new
        // version at least back to the pre-drift level (3 points of slack).
        var pre = shared.Accuracy(TimeSpan.Zero, RetrainRun.Drift);
        var drifted = shared.Accuracy(RetrainRun.Drift, RetrainRun.Retrain);
        var training = shared.Accuracy(RetrainRun.Retrain, Ready);
        var retrained = shared.Accuracy(Ready, RetrainRun.Rollback);

        Assert.True(pre - drifted > 0.10, $"drift: {pre:P1} -> {drifted:P1}");
        Assert.True(pre - training > 0.10, $"the old version serves until the retraining is done: {pre:P1} -> {training:P1}");
        Assert.True(retrained > pre - 0.03, $"retrained {retrained:P1}, before the drift {pre:P1}");

        var asked = Assert.Single(shared.Run.Journal, j => j.Kind == "retrain");
        Assert.Equal((Sim.T0 + RetrainRun.Retrain, "credit-001", "alice"), (asked.At, asked.Target, asked.By));
        Assert.Contains("accuracy fell after the shift", asked.Detail, StringComparison.Ordinal);
        var done = Assert.Single(shared.Run.Journal, j => j.Kind == "retrained");
        Assert.Equal(Sim.T0 + Ready, done.At);
    }

    [Fact]
    public void Retrained_quality_is_back_near_the_pre_drift_level()
    {
        var pre = shared.Accuracy(TimeSpan.Zero, RetrainRun.Drift);
        var retrained = shared.Accuracy(Ready, RetrainRun.Rollback);
        // Same samples as above: 3 points is > 4 standard errors of the difference.
        Assert.True(Math.Abs(retrained - pre) < 0.03, $"retrained {retrained:P1}, before the drift {pre:P1}");
    }

    [Fact]
    public async Task Retraining_after_data_drift_does_not_make_the_model_worse()
    {
        // Inputs shift by 2 sd at 10 min; retrained at 30 min (serving from 1 h), the new version has
        // learned the world as it now is and must do at least as well as the old one on the same inputs.
        const string yaml = """
            name: retrain-after-data-drift
            seed: 8
            duration: 90m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 5, shape: flat, labelDelay: 1m }
            injections:
              - name: shift
                at: 10m
                fault: data-drift
                targets: { ids: [credit-001] }
                magnitude: 2
            actions:
              - at: 30m
                action: retrain
                targets: { ids: [credit-001] }
                by: alice
                reason: inputs moved
            """;
        var (_, sink) = await Sim.RunAsync(yaml);
        var trace = sink.TraceOf("credit-001");
        var ready = TimeSpan.FromMinutes(30) + ScenarioRun.RetrainDuration;
        var oldVersion = trace.Between(Sim.T0 + TimeSpan.FromMinutes(10), Sim.T0 + ready).Quality(QualityMetricKind.Accuracy);
        var newVersion = trace.Between(Sim.T0 + ready, Sim.T0 + TimeSpan.FromMinutes(90)).Quality(QualityMetricKind.Accuracy);
        // ~15,000 and ~9,000 outcomes: the standard error of the difference is ~0.5 points; allow 3.
        Assert.True(newVersion > oldVersion - 0.03, $"old version on drifted inputs {oldVersion:P1}, retrained {newVersion:P1}");
    }

    [Fact]
    public async Task Retraining_a_launched_model_cures_its_under_training()
    {
        // A model launched at 0 (under-trained) and retrained at 10 min must, once the new version serves,
        // do as well as the same model never under-trained, over the same period.
        static string Yaml(bool launch) => """
            name: launch-then-retrain
            seed: 8
            duration: 90m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 5, shape: flat, labelDelay: 1m }
            actions:
              - at: 10m
                action: retrain
                targets: { ids: [credit-001] }
                by: alice
                reason: first retrain on real traffic

            """ + (launch ? """
            injections:
              - name: go-live
                at: 0
                fault: launch
                targets: { ids: [credit-001] }
            """ : "");
        var ready = TimeSpan.FromMinutes(10) + ScenarioRun.RetrainDuration;
        var (_, launched) = await Sim.RunAsync(Yaml(launch: true));
        var (_, seasoned) = await Sim.RunAsync(Yaml(launch: false));
        double After(RecordingSink s) => s.TraceOf("credit-001").Between(Sim.T0 + ready, Sim.T0 + TimeSpan.FromMinutes(90)).Quality(QualityMetricKind.Accuracy);
        double Before(RecordingSink s) => s.TraceOf("credit-001").Between(Sim.T0, Sim.T0 + ready).Quality(QualityMetricKind.Accuracy);

        Assert.True(Before(seasoned) - Before(launched) > 0.03, $"under-trained {Before(launched):P1} vs {Before(seasoned):P1}");
        // ~15,000 outcomes each after the retrain: allow 2 points (> 4 standard errors).
        Assert.True(Math.Abs(After(launched) - After(seasoned)) < 0.02, $"retrained launch {After(launched):P1} vs {After(seasoned):P1}");
    }

    [Fact]
    public void Rollback_returns_to_the_earlier_version()
    {
        var drifted = shared.Accuracy(RetrainRun.Drift, RetrainRun.Retrain);
        var retrained = shared.Accuracy(Ready, RetrainRun.Rollback);
        var rolledBack = shared.Accuracy(RetrainRun.Rollback, TimeSpan.FromHours(2));

        // Version 1 learned the world before the drift: after the rollback it is as wrong as it was while drifted
        // (~9,000 and ~6,000 outcomes; allow 3 points either way).
        Assert.True(retrained - rolledBack > 0.10, $"retrained {retrained:P1}, rolled back {rolledBack:P1}");
        Assert.True(Math.Abs(rolledBack - drifted) < 0.03, $"rolled back {rolledBack:P1}, drifted {drifted:P1}");

        // The monitor was told each version as it came: 1, then 2 at the retraining, then 1 again.
        Assert.Equal(["1", "2", "1"], shared.Sink.Registrations.Where(d => d.Id == "credit-001").Select(d => d.Version));
        Assert.Equal("1", shared.Sink.Snapshot("credit-001").Definition.Version);
        var entry = Assert.Single(shared.Run.Journal, j => j.Kind == "rollback");
        Assert.Equal((Sim.T0 + RetrainRun.Rollback, "bob"), (entry.At, entry.By));
        Assert.Contains("back to version 1", entry.Detail, StringComparison.Ordinal);
    }

    private const string Operator = """
        name: operator
        seed: 9
        duration: 40m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 2, shape: flat, labelDelay: 1m }
        actions:
          - at: 10m
            action: force-level
            level: 3
            targets: { ids: [credit-001] }
            by: alice
            reason: suspicious scores
          - at: 20m
            action: kill-switch
            targets: { ids: [credit-001] }
            by: bob
            reason: regulator call
          - at: 30m
            action: release
            targets: { ids: [credit-001] }
            by: carol
            reason: all clear
        """;

    [Fact]
    public async Task Force_level_kill_switch_and_release_move_the_monitors_level_and_are_journaled()
    {
        var sink = new RecordingSink(new MonitorFleetSink());
        var run = new ScenarioRun(Sim.Parse(Operator), new RunOptions(), sink);
        DegradationLevel Level() => sink.Monitors.Monitors["credit-001"].Level.Level;

        await run.StepUntil(TimeSpan.FromMinutes(10));
        Assert.Equal(DegradationLevel.FullAi, Level());
        await run.StepAsync();
        Assert.Equal(DegradationLevel.RulesFallback, Level());
        await run.StepUntil(TimeSpan.FromMinutes(20));
        Assert.Equal(DegradationLevel.RulesFallback, Level());
        await run.StepAsync();
        Assert.Equal(DegradationLevel.GenericFallback, Level());
        await run.StepUntil(TimeSpan.FromMinutes(30));
        await run.StepAsync();
        // Released to the policy: no longer pinned, and below the fallback levels the operator had forced
        // (the forced fallback itself still shows in the hour's fallback rate, so level 2 is allowed).
        var monitor = sink.Monitors.Monitors["credit-001"];
        Assert.Null(monitor.Level.Forced);
        Assert.True(monitor.Level.Level <= DegradationLevel.ReducedAi, $"after release: {monitor.Level.Level}");

        // Each move is a transition at the action's event time whose reason names who and why.
        var moves = run.Transitions.Where(t => t.Model == "credit-001").ToList();
        void Moved(int from, int to, int minute, string by, string why) => Assert.Contains(moves, t =>
            t.From == from && t.To == to && t.At == Sim.T0 + TimeSpan.FromMinutes(minute)
            && t.Reason.Contains(by, StringComparison.Ordinal) && t.Reason.Contains(why, StringComparison.Ordinal));
        Moved(1, 3, 10, "alice", "suspicious scores");
        Moved(3, 4, 20, "bob", "regulator call");
        Moved(4, (int)monitor.Level.Level, 30, "carol", "all clear");
        Assert.Equal(moves.Select(t => (t.From, t.To, t.At)),
            monitor.Level.History.Select(t => ((int)t.From, (int)t.To, t.At)));

        // And the run's journal says who did what, when and why.
        void Logged(string kind, int minute, string by, string why) => Assert.Contains(run.Journal, j =>
            j.Kind == kind && j.Target == "credit-001" && j.At == Sim.T0 + TimeSpan.FromMinutes(minute) && j.By == by && j.Detail.Contains(why, StringComparison.Ordinal));
        Logged("force-level", 10, "alice", "suspicious scores");
        Logged("kill-switch", 20, "bob", "regulator call");
        Logged("release", 30, "carol", "all clear");

        // Users were served what the operator chose, from the action's tick on.
        var served = sink.TraceOf("credit-001").Predictions;
        Assert.All(served.Where(p => p.Timestamp >= Sim.T0 + TimeSpan.FromMinutes(10) && p.Timestamp < Sim.T0 + TimeSpan.FromMinutes(20)),
            p => Assert.True(p.Fallback && p.ServedLevel == 3, Sim.Describe(p)));
        Assert.All(served.Where(p => p.Timestamp >= Sim.T0 + TimeSpan.FromMinutes(20) && p.Timestamp < Sim.T0 + TimeSpan.FromMinutes(30)),
            p => Assert.True(p.Fallback && p.ServedLevel == 4, Sim.Describe(p)));
    }

    [Fact]
    public async Task After_a_release_the_model_serves_the_monitors_level_from_the_release_tick_on()
    {
        var (run, sink) = await Sim.RunAsync(Operator);
        var release = Sim.T0 + TimeSpan.FromMinutes(30);
        var level = run.Transitions.Single(t => t.At == release).To;
        var afterRelease = sink.TraceOf("credit-001").Predictions.Where(p => p.Timestamp >= release && p.Timestamp < release + Sim.Tick).ToList();
        Assert.NotEmpty(afterRelease);
        Assert.All(afterRelease, p => Assert.Equal(level, p.ServedLevel));
    }

    [Fact]
    public async Task Rollout_stage_changes_the_share_of_traffic_the_model_serves()
    {
        const string yaml = """
            name: rollout
            seed: 10
            duration: 80m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 5, shape: flat }
            actions:
              - at: 40m
                action: rollout
                stage: 10%
                targets: { ids: [credit-001] }
                by: dana
                reason: canary for the new features
            """;
        var (run, sink) = await Sim.RunAsync(yaml);
        var switched = Sim.T0 + TimeSpan.FromMinutes(40);
        var p = sink.TraceOf("credit-001").Predictions;
        var full = p.Count(x => x.Timestamp < switched);
        var canary = p.Count(x => x.Timestamp >= switched);

        // ~12,000 predictions before, ~1,200 after: the ratio's standard error is ~0.3 points; allow 2.
        Assert.InRange((double)canary / full, 0.08, 0.12);
        Assert.Equal(RolloutStage.TenPercent, sink.Snapshot("credit-001").Definition.RolloutStage);
        Assert.Contains(run.Journal, j => j.Kind == "rollout" && j.At == switched && j.By == "dana" && j.Detail.Contains("canary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Served_level_follows_the_monitor()
    {
        // Errors on 10 % of requests from 5 to 25 min: the monitor moves the model to rules-based fallback
        // (error rate over 1 %), and later back up; every tick serves the level the monitor answered last.
        const string yaml = """
            name: served
            seed: 12
            duration: 45m
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 5, shape: flat, labelDelay: 1m }
            injections:
              - name: outage
                at: 5m
                fault: serving-outage
                targets: { ids: [credit-001] }
                magnitude: 0.1
                duration: 20m
            """;
        var (_, sink) = await Sim.RunAsync(yaml);
        var batches = sink.Batches.Where(b => b.Model == "credit-001").ToList();
        Assert.Equal(270, batches.Count); // 5/s gives every 10 s tick events: one batch per tick

        var fallbackTicks = 0;
        for (var i = 1; i < batches.Count; i++)
        {
            var level = batches[i - 1].LevelAfter;
            foreach (var p in batches[i].Events.Predictions)
            {
                if (level >= 3) Assert.True(p.Fallback && p.ServedLevel == level, $"monitor at {level}: {Sim.Describe(p)}");
                else if (p.Score is not null) Assert.True(!p.Fallback && p.ServedLevel == level, $"monitor at {level}: {Sim.Describe(p)}");
            }
            if (level >= 3) fallbackTicks++;
        }
        Assert.True(fallbackTicks >= 60, $"only {fallbackTicks} ticks at level 3+");
        Assert.Contains(batches, b => b.LevelAfter == 1);
    }
}
