namespace Fleet.Benchmarks;

/// <summary>The performance bar of issues 6 and 17, in one place: what `all` holds its figures to (on a 2-core machine).</summary>
internal static class PerformanceBar
{
    /// <summary>Fleet size at which throughput and the actor layer's cost are judged.</summary>
    public const int ThroughputModels = 1000;

    /// <summary>Fleet size at which memory per model is judged (all in one silo).</summary>
    public const int MemoryModels = 10_000;

    public static readonly Bar EventsPerSecond = Bar.AtLeast(2_000_000, "≥ 2,000,000 events/s");
    /// <summary>Batch size at which HTTP ingest is judged (issue 17).</summary>
    public const int HttpBatch = 1000;

    public static readonly Bar HttpEventsPerSecond = Bar.AtLeast(1_000_000, "≥ 1,000,000 events/s");

    /// <summary>Orleans ÷ the plain loop partitioned over the same cores, in events per CPU-second (issue 17).</summary>
    public static readonly Bar OrleansOverPlain = Bar.AtLeast(0.8, "≥ 0.8 × plain (matched cores)");
    public static readonly Bar BytesPerModel = Bar.AtMost(64 * 1024, "≤ 65,536 B (64 KiB)");
    /// <summary>Issue 17: 24 simulated hours of 1,000 models with the four incidents, through grains.</summary>
    public static readonly Bar SimulatedDay = Bar.Below(20, "< 20 s");

    /// <summary>Issue 17: the same day of 10,000 models, through grains.</summary>
    public static readonly Bar SimulatedLargeDay = Bar.Below(240, "< 240 s (4 min)");

    /// <summary>Fleet size of the larger simulated day.</summary>
    public const int LargeDayModels = 10_000;
    public static readonly Bar BrowserP99 = Bar.Below(1000, "< 1,000 ms");
}
