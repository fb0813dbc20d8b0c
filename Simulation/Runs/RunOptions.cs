using Fleet.Runs;

namespace Fleet.Simulation.Runs;

/// <summary>How to run a scenario: seed (overrides the file's), start, speed, where to stop, ids, and what to replay.</summary>
public sealed record RunOptions
{
    public int? Seed { get; init; }
    /// <summary>Virtual start: this, else the scenario's <c>start:</c>, else <see cref="DefaultStart"/> (never "now": a run's start is part of its definition).</summary>
    public DateTimeOffset? Start { get; init; }
    public double Speed { get; init; } = double.PositiveInfinity;
    /// <summary>Stop after this much virtual time instead of the scenario's duration.</summary>
    public TimeSpan? Until { get; init; }
    public string RunId { get; init; } = "run";

    /// <summary>Models that play recorded or imported traffic beside the scenario's simulated ones (its <c>fleet: - recording:</c> entries, loaded).</summary>
    public IReadOnlyList<Recorded.RecordedModel> Recorded { get; init; } = [];
    /// <summary>Where the journal goes (default: nowhere but memory).</summary>
    public IRunRecorder Recorder { get; init; } = UnrecordedRun.Instance;

    /// <summary>Journaled inputs to apply again, each at its tick (a resumed run, a replay).</summary>
    public IReadOnlyList<RunJournalEntry> Inputs { get; init; } = [];

    /// <summary>
    /// Notes (a team's decision answers) already journaled in ticks still to be played (a resumed run): they change
    /// nothing, but their places in their ticks stay taken, so the facts played after them are placed after them.
    /// </summary>
    public IReadOnlyList<RunJournalEntry> Notes { get; init; } = [];

    /// <summary>The first tick a newly accepted input may apply at (a resumed run takes none before where it had got to).</summary>
    public long OpenFrom { get; init; }

    /// <summary>Facts of ticks before this one are already in the journal (a resumed run) and are not recorded again.</summary>
    public long RecordFrom { get; init; }

    /// <summary>Entries the journal already holds for this run (counted against <see cref="RunJournalLimits.MaxEntries"/>).</summary>
    public long JournalEntries { get; init; }

    /// <summary>Leave out the scenario's scripted actions (a what-if replay without the recorded actions).</summary>
    public bool WithoutActions { get; init; }

    /// <summary>Thresholds every model is judged by instead of its domain's (a what-if replay); null keeps them.</summary>
    public Scenarios.ThresholdOverrides? Thresholds { get; init; }

    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
}
