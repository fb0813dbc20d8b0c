namespace Fleet.Monitoring.Incidents;

/// <summary>
/// What the alert book needs to know about a model, passed in with each transition: where to send a
/// page (owner, team) and what it shares with other models (domain, data sources) to group incidents.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelInfo")]
public sealed record ModelInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Domain,
    [property: Id(2)] string? Owner,
    [property: Id(3)] string? Team,
    [property: Id(4)] IReadOnlyList<string> DataSources);
