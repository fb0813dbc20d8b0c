namespace Fleet.Simulation.Runs;

/// <summary>How to run a scenario: seed (overrides the file's), start, speed, where to stop, and ids.</summary>
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

    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
}
