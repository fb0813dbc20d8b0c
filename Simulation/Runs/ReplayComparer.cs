using Fleet.Runs;

namespace Fleet.Simulation.Runs;

/// <summary>Compares a replay's journal with its original's: the digest, the first fact that differs, and detection side by side.</summary>
public static class ReplayComparer
{
    public static ReplayComparison Compare(RunHeader original, IReadOnlyList<RunJournalEntry> originalFacts,
        RunHeader replay, IReadOnlyList<RunJournalEntry> replayFacts)
    {
        var matches = original.Digest == replay.Digest && original.Ticks == replay.Ticks;
        // Only the ticks both have played can be compared fact by fact.
        var played = Math.Min(original.Ticks, replay.Ticks);
        // A run's figures are journaled where it stopped playing, which two runs need not share.
        var left = originalFacts.Where(f => f.Tick < played && f.Kind is not (RunFigures.Kind or RunTruth.Kind)).ToList();
        var right = replayFacts.Where(f => f.Tick < played && f.Kind is not (RunFigures.Kind or RunTruth.Kind)).ToList();
        RunJournalEntry? a = null, b = null;
        for (var i = 0; i < Math.Max(left.Count, right.Count); i++)
        {
            var x = i < left.Count ? left[i] : null;
            var y = i < right.Count ? right[i] : null;
            if (x is not null && y is not null && Same(x, y)) continue;
            (a, b) = (x, y);
            break;
        }
        var verdict = matches ? "digest matches"
            : a is not null || b is not null ? $"digest differs; first difference at {(a ?? b)!.At:u}: original {Describe(a)}, replay {Describe(b)}"
            : original.Ticks != replay.Ticks ? $"digest differs: the original played {original.Ticks} ticks, the replay {replay.Ticks}; no fact differs in the ticks both played"
            : "digest differs; no stored fact differs (the difference is in event counts or final window figures, or past the journal's cap)";
        return new ReplayComparison(original.Id, replay.Id, matches, original.Digest, replay.Digest, a, b,
            Detect(originalFacts), Detect(replayFacts), verdict);
    }

    /// <summary>First firing alert, first model to leave full AI, and alert counts, from a run's facts.</summary>
    public static Detection Detect(IReadOnlyList<RunJournalEntry> facts)
    {
        var alerts = facts.Where(f => f.Kind == JournalKinds.Alert).ToList();
        var firing = alerts.Where(f => f.Detail.EndsWith("-> Firing", StringComparison.Ordinal)).ToList();
        var breach = facts.FirstOrDefault(f => f.Kind == JournalKinds.Level && f.Detail.StartsWith("1 -> ", StringComparison.Ordinal));
        return new Detection(firing.FirstOrDefault()?.At, breach?.At, firing.Count, alerts.Count);
    }

    private static bool Same(RunJournalEntry x, RunJournalEntry y) =>
        x.Tick == y.Tick && x.At == y.At && x.Kind == y.Kind && x.Target == y.Target && x.Detail == y.Detail;

    private static string Describe(RunJournalEntry? e) => e is null ? "has nothing more" : $"{e.Kind} {e.Target}: {e.Detail}";
}
