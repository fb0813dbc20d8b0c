using Fleet.Models;

namespace Fleet.Monitoring.Levels;

/// <summary>A threshold that put the model at its level, remembered until it is seen to clear.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.HeldBreach")]
public sealed record HeldBreach(
    [property: Id(0)] string Threshold,
    [property: Id(1)] DegradationLevel Severity);
