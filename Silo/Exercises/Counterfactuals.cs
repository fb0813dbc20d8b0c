using Fleet.Runs;

namespace Fleet.Silo.Exercises;

/// <summary>
/// The runs a team is measured against, all of the same scenario, seed and start: the fleet without its faults
/// (what healthy serving looks like), the scenario with nobody responding, and the scenario with its ideal response
/// played at the ideal times (null when the scenario states none). From them: when the impact started (the first
/// tick the faults changed what was served) and which models the faults hurt.
/// </summary>
public sealed record Counterfactuals(RunImpact Healthy, RunImpact DoNothing, RunImpact? Ideal, IReadOnlyList<JournalEntry> DoNothingJournal)
{
    /// <summary>False when no model of the exercise is simulated (all play recordings): there is nothing to measure impact by.</summary>
    public bool Truth { get; init; } = true;

    /// <summary>The counterfactuals of an exercise without simulated models: empty runs, no truth.</summary>
    public static Counterfactuals WithoutTruth(DateTimeOffset start, TimeSpan tick)
    {
        var empty = new RunImpact(start, tick, [], new Dictionary<string, ServedCounts>());
        return new Counterfactuals(empty, empty, null, []) { Truth = false };
    }

    /// <summary>The ideal run's journal (empty when the scenario states no ideal response): its actions beyond the do-nothing run's are the ideal response.</summary>
    public IReadOnlyList<JournalEntry> IdealJournal { get; init; } = [];

    /// <summary>A model is affected when doing nothing serves more than this share of its predictions badly beyond healthy serving.</summary>
    public const double AffectedShare = 0.01;

    /// <summary>The first tick whose serving differs from the healthy run's; null when the faults never changed what was served.</summary>
    public int? ImpactStartTick
    {
        get
        {
            var n = Math.Min(Healthy.Ticks.Count, DoNothing.Ticks.Count);
            for (var k = 0; k < n; k++)
                if (DoNothing.Ticks[k] != Healthy.Ticks[k]) return k;
            return null;
        }
    }

    public DateTimeOffset? ImpactStart => ImpactStartTick is { } k ? Healthy.Start + Healthy.Tick * k : null;

    public IReadOnlySet<string> Affected =>
        DoNothing.Models.Where(m => m.Value.Bad - Healthy.Models.GetValueOrDefault(m.Key).Bad > AffectedShare * m.Value.Predictions)
            .Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
}
