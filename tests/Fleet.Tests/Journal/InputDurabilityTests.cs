using Fleet.Models;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Tests.Simulation;

namespace Fleet.Tests.Journal;

/// <summary>
/// The order the journal promises, on the tick loop itself (plain monitors, a journal whose writes the test holds):
/// an input is acknowledged only after its write, and applied only once written.
/// </summary>
public sealed class InputDurabilityTests
{
    private const string Yaml = """
        name: durability
        seed: 1
        duration: 10m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 1, shape: flat }
        """;

    /// <summary>A journal whose input writes wait until the test lets them finish, or fail.</summary>
    private sealed class HeldJournal(bool fail = false) : IRunRecorder
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<RunJournalEntry> Written { get; } = [];

        public async Task RecordInputAsync(RunJournalEntry input)
        {
            await Release.Task;
            if (fail) throw new IOException("the database is gone");
            Written.Add(input);
        }

        public void RecordTick(long ticks, DateTimeOffset now, string digest, IReadOnlyList<RunJournalEntry> facts, long dropped) { }
    }

    [Fact]
    public async Task An_action_is_acknowledged_only_after_its_journal_write_and_its_tick_waits_for_that_write()
    {
        var journal = new HeldJournal();
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(Sim.Parse(Yaml), new RunOptions { Recorder = journal }, sink);
        await run.StepAsync();
        await run.StepAsync();

        var acknowledged = run.EnqueueAsync(new RunAction("credit-001", "kill-switch", "erin", "pager", From: "cli"));
        var tick = run.StepAsync();
        await Task.Delay(300);
        Assert.False(acknowledged.IsCompleted); // no answer before the write
        Assert.False(tick.IsCompleted);         // the tick it applies at waits for it
        Assert.Equal(DegradationLevel.FullAi, sink.Monitors["credit-001"].Level.Level);

        journal.Release.SetResult();
        Assert.Null(await acknowledged);
        await tick;
        var written = Assert.Single(journal.Written);
        Assert.Equal((2L, "cli"), (written.Tick, written.From));
        Assert.Equal(DegradationLevel.GenericFallback, sink.Monitors["credit-001"].Level.Level);
    }

    [Fact]
    public async Task An_action_whose_journal_write_fails_is_never_acknowledged_nor_applied()
    {
        var journal = new HeldJournal(fail: true);
        var sink = new MonitorFleetSink();
        var run = new ScenarioRun(Sim.Parse(Yaml), new RunOptions { Recorder = journal }, sink);
        await run.StepAsync();

        journal.Release.SetResult();
        await Assert.ThrowsAsync<IOException>(() => run.EnqueueAsync(new RunAction("credit-001", "kill-switch", "erin", "pager")));
        await run.StepAsync();
        await run.StepAsync();
        Assert.Equal(DegradationLevel.FullAi, sink.Monitors["credit-001"].Level.Level);
        Assert.DoesNotContain(run.Journal, e => e.Kind == "kill-switch");
    }
}
