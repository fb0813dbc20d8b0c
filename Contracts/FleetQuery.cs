namespace Fleet.Contracts;

/// <summary>Filters for the fleet overview; null means "do not filter on this".</summary>
public sealed record FleetFilter(
    string? Domain = null,
    string? Owner = null,
    string? Team = null,
    int? Level = null,
    string? Breached = null,
    string? Gap = null);
