namespace Fleet.Simulation.Scenarios;

/// <summary>
/// How large a scenario may be, so no file can exhaust the memory of the CLI or the server or run
/// without end. Each limit is checked when the file is loaded (and documented in the README).
/// </summary>
public static class ScenarioLimits
{
    /// <summary>Models in the whole fleet (the benchmarks run 10,000).</summary>
    public const int MaxModels = 20_000;

    /// <summary>Predictions the whole fleet makes in one tick at the daily peak (one batch per model per tick is held in memory).</summary>
    public const double MaxPredictionsPerTick = 500_000;

    /// <summary>Labels waiting for their due time across the fleet, at peak traffic and the longest label delay.</summary>
    public const double MaxPendingLabels = 5_000_000;

    /// <summary>Ticks from start to end (duration / tick).</summary>
    public const long MaxTicks = 1_000_000;

    public static readonly TimeSpan MinTick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxLabelDelay = TimeSpan.FromDays(7);

    /// <summary>Predictions per second of one model.</summary>
    public const double MaxRatePerSecond = 10_000;

    /// <summary>YAML aliases (*name) in a file, and values once they are repeated; nesting depth.</summary>
    public const int MaxAliases = 100;
    public const int MaxNodes = 100_000;
    public const int MaxDepth = 32;
}
