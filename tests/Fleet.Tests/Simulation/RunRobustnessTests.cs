using Fleet.Models;
using Fleet.Runs;
using Fleet.Simulation.Runs;

namespace Fleet.Tests.Simulation;

/// <summary>What a run accepts from outside while it plays, and what a valid scenario file may ask of it.</summary>
public sealed class RunRobustnessTests
{
    private const string Yaml = """
        name: robustness
        seed: 1
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 1, shape: flat }
        """;

    [Fact]
    public async Task An_operators_action_is_checked_when_queued_and_applied_and_journaled_at_the_next_tick()
    {
        var sink = new RecordingSink(new MonitorFleetSink());
        var run = new ScenarioRun(Sim.Parse(Yaml), new RunOptions(), sink);
        await run.StepUntil(TimeSpan.FromMinutes(2));

        Assert.NotNull(await run.EnqueueAsync(new RunAction("credit-999", "kill-switch", "erin", "pager")));
        Assert.NotNull(await run.EnqueueAsync(new RunAction("credit-001", "reboot", "erin", "pager")));
        Assert.Null(await run.EnqueueAsync(new RunAction("credit-001", "kill-switch", "erin", "pager went off")));
        Assert.Equal(DegradationLevel.FullAi, sink.Monitors.Monitors["credit-001"].Level.Level); // not before the next tick

        var at = run.Clock.Now;
        await run.StepAsync();
        Assert.Equal(DegradationLevel.GenericFallback, sink.Monitors.Monitors["credit-001"].Level.Level);
        var entry = Assert.Single(run.Journal, j => j.Kind == "kill-switch");
        Assert.Equal((at, "credit-001", "erin", "pager went off"), (entry.At, entry.Target, entry.By, entry.Detail));
        Assert.Contains(run.Transitions, t => t.At == at && t.To == 4 && t.Reason.Contains("erin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_the_run_cannot_carry_out_is_refused_when_queued_and_never_stops_the_run()
    {
        var run = new ScenarioRun(Sim.Parse(Yaml), new RunOptions(), new MonitorFleetSink());
        await run.StepAsync();

        var noLevel = await run.EnqueueAsync(new RunAction("credit-001", "force-level", "erin", "no level given"));
        var badStage = await run.EnqueueAsync(new RunAction("credit-001", "rollout", "erin", "half", Stage: "50%"));
        var failure = await Record.ExceptionAsync(run.StepAsync);

        Assert.Null(failure);
        Assert.NotNull(noLevel);
        Assert.NotNull(badStage);
    }

    [Fact]
    public async Task A_valid_scenario_with_more_events_per_tick_than_one_batch_holds_still_runs()
    {
        const string busy = """
            name: busy
            duration: 2m
            tick: 30s
            fleet:
              - domain: credit
                count: 1
            traffic: { rate: 400, shape: flat }
            """;
        var (run, sink) = await Sim.RunAsync(busy); // ~12,000 predictions per 30 s tick
        Assert.Equal(4, run.Ticks);
        Assert.InRange(sink.Snapshot("credit-001").Counters.Predictions, 40_000, 56_000);
    }
}
