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

/// <summary>
/// One line of a run's journal. An input (an operator's action or a manual injection, <see cref="Input"/> set) is
/// written before the request that made it is answered, with the tick it applies at; a fact (what the run and the
/// monitor did) is written with its tick. <see cref="Position"/> orders entries by event time and is the paging cursor.
/// </summary>
/// <param name="From">Where it came from: api, cli, page or scenario for an action; run or monitor for a fact.</param>
/// <param name="Input">The input itself (JSON of a <see cref="RunInput"/>), from which a replay re-applies it; null for a fact.</param>
public sealed record RunJournalEntry(
    long Position, long Tick, DateTimeOffset At, string Kind, string Target, string By, string From, string Detail, string? Input = null)
{
    /// <summary>Entries of one tick get positions from tick × 2^20 on: inputs first, in the order they were accepted, then facts.</summary>
    public const int TickShift = 20;

    public static long PositionOf(long tick, int index) => (tick << TickShift) + index;
}

/// <summary>An outside input to a run as it is journaled: exactly one of the three is set.</summary>
public sealed record RunInput(RunAction? Action = null, RunInjection? Injection = null, RunBookAction? Book = null);

/// <summary>A page of a run's journal; <see cref="Next"/> is the cursor for the following page (after=), null at the end so far.</summary>
public sealed record JournalPage(string Run, IReadOnlyList<RunJournalEntry> Entries, long? Next);

/// <summary>A run as <c>GET /api/runs</c> and <c>fleet runs</c> list it (from the journal, so it survives restarts).</summary>
/// <param name="Events">Events generated, known only while the run is hosted on this silo (the journal does not count them); else null.</param>
/// <param name="Transitions">Level transitions, known only while the run is hosted on this silo; else null.</param>
public sealed record RunListing(
    string Id, string Source, string Scenario, int Seed, string State, DateTimeOffset Start, DateTimeOffset Now, double? Speed,
    double Progress, long Ticks, string Digest, DateTimeOffset Created, DateTimeOffset? Ended, string? ReplayOf,
    long? Events, int? Transitions);

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

/// <summary>How soon and how loudly the monitor caught a run's trouble, from its journal's facts.</summary>
/// <param name="FirstFiring">The first alert that fired.</param>
/// <param name="FirstBreach">The first model to leave full AI (level 1) for a worse level.</param>
/// <param name="Firing">Alerts that fired.</param>
/// <param name="AlertChanges">Every alert change (pending, firing, resolved).</param>
public sealed record Detection(DateTimeOffset? FirstFiring, DateTimeOffset? FirstBreach, int Firing, int AlertChanges);

/// <summary>
/// A replay set beside its original: whether the digests match, and if not the first fact where the journals part;
/// with the detection of both (a what-if replay, without the actions or with other thresholds, is expected to differ).
/// </summary>
public sealed record ReplayComparison(
    string Original, string Replay, bool DigestMatches, string OriginalDigest, string ReplayDigest,
    RunJournalEntry? OriginalFact, RunJournalEntry? ReplayFact, Detection OriginalDetection, Detection ReplayDetection, string Verdict);
