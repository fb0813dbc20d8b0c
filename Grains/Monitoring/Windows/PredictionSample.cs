namespace Fleet.Monitoring.Windows;

/// <summary>The part of a prediction event the windows count, flattened for the hot path.</summary>
public readonly record struct PredictionSample(
    double LatencyMs,
    bool Covered,
    bool Fallback,
    bool Degraded,
    bool Error,
    bool Timeout,
    double? Score = null,
    double DecisionThreshold = 0.5);
