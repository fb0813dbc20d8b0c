namespace Fleet.Runs;

/// <summary>
/// One line of a run's journal. An input (an operator's action or a manual injection, <see cref="Input"/> set) is
/// written before the request that made it is answered, with the tick it applies at; a fact (what the run and the
/// monitor did) is written with its tick. <see cref="Position"/> orders entries by event time and is the paging cursor.
/// </summary>
/// <param name="From">Where it came from: api, cli, page or scenario for an action; run or monitor for a fact.</param>
/// <param name="Input">The input itself (JSON of a <c>RunInput</c>), from which a replay re-applies it; null for a fact.</param>
public sealed record RunJournalEntry(
    long Position, long Tick, DateTimeOffset At, string Kind, string Target, string By, string From, string Detail, string? Input = null)
{
    /// <summary>Entries of one tick get positions from tick × 2^20 on: inputs first, in the order they were accepted, then facts.</summary>
    public const int TickShift = 20;

    public static long PositionOf(long tick, int index) => (tick << TickShift) + index;
}

/// <summary>A run as <c>GET /api/runs</c> and <c>fleet runs</c> list it (from the journal, so it survives restarts).</summary>
/// <param name="Events">Events generated, known only while the run is hosted on this silo (the journal does not count them); else null.</param>
/// <param name="Transitions">Level transitions, known only while the run is hosted on this silo; else null.</param>
public sealed record RunListing(
    string Id, string Source, string Scenario, int Seed, string State, DateTimeOffset Start, DateTimeOffset Now, double? Speed,
    double Progress, long Ticks, string Digest, DateTimeOffset Created, DateTimeOffset? Ended, string? ReplayOf,
    long? Events, int? Transitions);

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
