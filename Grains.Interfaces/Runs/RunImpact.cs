namespace Fleet.Runs;

/// <summary>
/// The simulator's truth about what a run served, which the monitor never sees: per tick and per model, the
/// predictions made, served wrong and served degraded. Exercise scores are computed from it; trainees never get it.
/// </summary>
public sealed record RunImpact(DateTimeOffset Start, TimeSpan Tick, IReadOnlyList<ServedCounts> Ticks, IReadOnlyDictionary<string, ServedCounts> Models);

/// <summary>Predictions made, served wrong (the model's call differs from the truth) and served degraded (error, timeout, or a fallback where the model was right: see ServedTruth).</summary>
public readonly record struct ServedCounts(long Predictions, long Wrong, long Degraded)
{
    public long Bad => Wrong + Degraded;

    public ServedCounts Plus(long predictions, long wrong, long degraded) => new(Predictions + predictions, Wrong + wrong, Degraded + degraded);
}
