namespace Fleet.Monitoring.Incidents;

/// <summary>
/// Where the alert book stands: a version that moves on every change, and its clock (the newest event time
/// any model reported), against which "since" and silence expiries are read.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.AlertBookVersion")]
public sealed record AlertBookVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset Now);
