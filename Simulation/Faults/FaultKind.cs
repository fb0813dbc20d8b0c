namespace Fleet.Simulation.Faults;

/// <summary>The ways a simulated model can be made to misbehave; names are the scenario file's.</summary>
public enum FaultKind
{
    /// <summary>Input feature means shift (magnitude in standard deviations); quality may or may not fall.</summary>
    DataDrift,
    /// <summary>The true relation between inputs and outcomes moves (magnitude 0..1+); inputs look unchanged.</summary>
    ConceptDrift,
    /// <summary>The true relation oscillates with a period (magnitude = amplitude).</summary>
    SeasonalDrift,
    /// <summary>A share (magnitude) of requests come from new users with no history: no features, no prediction.</summary>
    ColdStart,
    /// <summary>A newly launched model with no history: silent until the injection starts, then under-trained.</summary>
    Launch,
    /// <summary>A feature breaks in the pipeline (mode: missing, nan, stale, type) for a share (magnitude) of events.</summary>
    PipelineFailure,
    /// <summary>A shared upstream feature source fails: its features go missing, lookups slow down and time out.</summary>
    UpstreamOutage,
    /// <summary>Latency is multiplied by the magnitude.</summary>
    LatencySpike,
    /// <summary>A share (magnitude) of requests time out.</summary>
    Timeouts,
    /// <summary>A share (magnitude) of requests fail with an error.</summary>
    ServingOutage,
    /// <summary>Labels arrive (1 + magnitude) times later.</summary>
    LabelDelay,
    /// <summary>The model narrows what it shows: the top item category takes over (magnitude 0..1) and quality erodes.</summary>
    FeedbackLoop,
    /// <summary>The model goes wrong for one segment only (magnitude 0..1 of its decisions flipped).</summary>
    SegmentBias,
    /// <summary>Traffic falls by a share (magnitude).</summary>
    TrafficDrop,
}
