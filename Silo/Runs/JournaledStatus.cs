using Fleet.Runs;
using Fleet.Silo.Storage.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Silo.Runs;

/// <summary>
/// The status of an ended run from its journal, for a silo that did not play it (its silo died, stopped, or is another
/// one): the header says where it got to, its scenario text its end, the figures it journaled when it stopped playing
/// its models and events (0 when a crash cut them off), its level facts its transitions, and for a replay the
/// comparison with its original its verdict.
/// </summary>
public static class JournaledStatus
{
    public static async Task<RunStatus> ReadAsync(RunHeader header, SqlRunJournal journal, CancellationToken ct)
    {
        var scenario = ScenarioLoader.Parse(header.ScenarioText, header.Name);
        // A scenario as long as its recordings ends where it got to: the recordings are not read again for a status.
        var end = scenario.DurationFromRecordings ? header.Now
            : header.Start + (header.Until is { } until && until < scenario.Duration ? until : scenario.Duration);
        var figures = (await journal.FactsAsync(header.Id, RunFigures.Kind, ct)).Select(f => RunFigures.Parse(f.Detail)).LastOrDefault(f => f is not null);
        var transitions = await journal.CountFactsAsync(header.Id, JournalKinds.Level, ct);
        var span = end - header.Start;
        return new RunStatus(header.Id, header.Name, header.Seed, header.State, header.Start, header.Now, end, header.Speed,
            span > TimeSpan.Zero ? Math.Clamp((header.Now - header.Start) / span, 0, 1) : 1, header.Ticks, figures?.Events ?? 0,
            figures?.Models ?? scenario.ModelCount, (int)transitions, header.Digest, header.ReplayOf, await VerdictAsync(header, journal, ct));
    }

    private static async Task<string?> VerdictAsync(RunHeader replay, SqlRunJournal journal, CancellationToken ct) =>
        replay.ReplayOf is null ? null : (await JournalViews.CompareAsync(journal, replay.Id, ct))?.Verdict;
}

/// <summary>What any host reads of a run from the journal alone: a page of its entries, a replay beside its original.</summary>
public static class JournalViews
{
    /// <summary>A page of the run's journal after the cursor; null when there is no such recorded run.</summary>
    public static async Task<JournalPage?> PageAsync(SqlRunJournal journal, string id, long after, int limit, CancellationToken ct)
    {
        if (await journal.GetAsync(id, ct) is null) return null;
        var entries = await journal.ReadAsync(id, after, limit, ct);
        return new JournalPage(id, entries, entries.Count == limit ? entries[^1].Position : null);
    }

    /// <summary>A replay beside its original; null when <paramref name="id"/> is not a recorded replay or its original is gone.</summary>
    public static async Task<ReplayComparison?> CompareAsync(SqlRunJournal journal, string id, CancellationToken ct)
    {
        if (await journal.GetAsync(id, ct) is not { ReplayOf: { } of } replay) return null;
        if (await journal.GetAsync(of, ct) is not { } original) return null;
        return ReplayComparer.Compare(original, await journal.FactsAsync(of, ct), replay, await journal.FactsAsync(id, ct));
    }
}
