using Fleet.Runs;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Where a run's journal goes. An input must be durable before <see cref="RecordInputAsync"/> returns (the run applies
/// it only then, and the request that made it is answered only then); the facts of a tick may be written later,
/// several ticks in one commit, since they can be derived again from the inputs.
/// </summary>
public interface IRunRecorder
{
    Task RecordInputAsync(RunJournalEntry input);

    /// <summary>A tick has been played: <paramref name="ticks"/> ticks so far, the clock at <paramref name="now"/>.</summary>
    void RecordTick(long ticks, DateTimeOffset now, string digest, IReadOnlyList<RunJournalEntry> facts, long dropped);
}

/// <summary>A run that keeps no journal beyond its own memory (headless runs, tests of the tick loop).</summary>
public sealed class UnrecordedRun : IRunRecorder
{
    public static readonly UnrecordedRun Instance = new();

    public Task RecordInputAsync(RunJournalEntry input) => Task.CompletedTask;

    public void RecordTick(long ticks, DateTimeOffset now, string digest, IReadOnlyList<RunJournalEntry> facts, long dropped) { }
}
