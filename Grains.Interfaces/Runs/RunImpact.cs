namespace Fleet.Runs;

/// <summary>
/// The simulator's truth about what a run served, which the monitor never sees: per tick and per model, the
/// predictions made, served wrong and served degraded. Exercise scores are computed from it; trainees never get it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunImpact")]
public sealed record RunImpact([property: Id(0)] DateTimeOffset Start, [property: Id(1)] TimeSpan Tick, [property: Id(2)] IReadOnlyList<ServedCounts> Ticks, [property: Id(3)] IReadOnlyDictionary<string, ServedCounts> Models);

/// <summary>Predictions made, served wrong (the model's call differs from the truth) and served degraded (error, timeout, or a fallback where the model was right: see ServedTruth).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.ServedCounts")]
public readonly record struct ServedCounts([property: Id(0)] long Predictions, [property: Id(1)] long Wrong, [property: Id(2)] long Degraded)
{
    public long Bad => Wrong + Degraded;

    public ServedCounts Plus(long predictions, long wrong, long degraded) => new(Predictions + predictions, Wrong + wrong, Degraded + degraded);
}
