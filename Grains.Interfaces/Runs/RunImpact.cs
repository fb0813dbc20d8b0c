namespace Fleet.Runs;

/// <summary>
/// The simulator's truth about what a run served, which the monitor never sees: per tick and per model, the
/// predictions made, served wrong and served degraded, and the simulated users first served degraded. Exercise scores are
/// computed from it; trainees never get it.
/// </summary>
/// <param name="Users">The simulated users of the models that played (each model's population; recorded models have none).</param>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.RunImpact")]
public sealed record RunImpact([property: Id(0)] DateTimeOffset Start, [property: Id(1)] TimeSpan Tick, [property: Id(2)] IReadOnlyList<ServedCounts> Ticks,
    [property: Id(3)] IReadOnlyDictionary<string, ServedCounts> Models, [property: Id(4)] long Users = 0)
{
    /// <summary>Every prediction of the run, as the simulator counted it; its <see cref="ServedCounts.UsersAffected"/> are distinct users.</summary>
    public ServedCounts Total => Ticks.Aggregate(default(ServedCounts), (sum, t) => sum.Plus(t.Predictions, t.Wrong, t.Degraded, t.UsersAffected));
}

/// <summary>
/// Predictions made, served wrong (the model's call differs from the truth) and served degraded (error, timeout, or a
/// fallback where the model was right: see ServedTruth); and the simulated users served degraded for the first time in
/// the run (so they add up to distinct users over ticks and models: a model's users are its own).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Runs.ServedCounts")]
public readonly record struct ServedCounts([property: Id(0)] long Predictions, [property: Id(1)] long Wrong, [property: Id(2)] long Degraded,
    [property: Id(3)] long UsersAffected = 0)
{
    public long Bad => Wrong + Degraded;

    public ServedCounts Plus(long predictions, long wrong, long degraded, long usersAffected = 0) =>
        new(Predictions + predictions, Wrong + wrong, Degraded + degraded, UsersAffected + usersAffected);
}
