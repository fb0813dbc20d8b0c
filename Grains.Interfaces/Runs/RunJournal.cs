namespace Fleet.Runs;

/// <summary>
/// A run as its journal holds it: the definition that reproduces it (scenario text, seed, start, until, and for a
/// replay the changes asked for) and where it got to (state, ticks played, virtual now, digest so far).
/// </summary>
/// <param name="Source">scenario, demo or replay.</param>
/// <param name="Speed">The speed it plays (or resumes) at; null as fast as possible.</param>
/// <param name="Ticks">Ticks whose facts are in the journal: a resumed run replays to here.</param>
/// <param name="Entries">Entries the journal holds for the run (capped at <see cref="RunJournalLimits.MaxEntries"/>).</param>
/// <param name="FactsDropped">Facts not stored because the journal was full (the digest still covers them).</param>
/// <param name="Owner">The silo (its Orleans address) that plays the run while it is unfinished; null when none does.</param>
public sealed record RunHeader(
    string Id, string Source, string Name, string ScenarioText, int Seed, DateTimeOffset Start, TimeSpan? Until, double? Speed,
    string State, DateTimeOffset Created, DateTimeOffset? Ended, string Digest, long Ticks, DateTimeOffset Now,
    string? ReplayOf = null, bool WithoutActions = false, string? Thresholds = null, long Entries = 0, long FactsDropped = 0, string? Owner = null)
{
    /// <summary>A run in one of these states plays on some silo, or is adopted by one when its silo is gone.</summary>
    public bool Unfinished => RunStates.IsUnfinished(State);
}

/// <summary>An outside input to a run as it is journaled: exactly one of the three is set.</summary>
public sealed record RunInput(RunAction? Action = null, RunInjection? Injection = null, RunBookAction? Book = null);

/// <summary>A page of a run's journal; <see cref="Next"/> is the cursor for the following page (after=), null at the end so far.</summary>
public sealed record JournalPage(string Run, IReadOnlyList<RunJournalEntry> Entries, long? Next);

/// <summary>How much a run's journal may hold.</summary>
public static class RunJournalLimits
{
    /// <summary>
    /// Entries per run. Past it, facts are counted but not stored (the digest still covers them) and inputs are
    /// refused (an input that cannot be journaled could not be replayed). ~150 bytes an entry: ~30 MB per run at most.
    /// </summary>
    public const int MaxEntries = 200_000;

    /// <summary>Most entries one journal page returns.</summary>
    public const int MaxPage = 1000;
}
