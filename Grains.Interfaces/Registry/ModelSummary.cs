using Fleet.Models;

namespace Fleet.Registry;

/// <summary>The line a model contributes to the fleet registry: enough to list, filter and count.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ModelSummary")]
public sealed record ModelSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Domain,
    [property: Id(3)] string? Owner,
    [property: Id(4)] string? Team,
    [property: Id(5)] DegradationLevel Level,
    [property: Id(6)] QualityMetricKind QualityMetric,
    [property: Id(7)] double? Quality,
    [property: Id(8)] IReadOnlyList<string> Breaches,
    [property: Id(9)] IReadOnlyList<string> Gaps,
    [property: Id(10)] DateTimeOffset? Watermark,
    [property: Id(11)] ModelFigures? Figures = null)
{
    /// <summary>
    /// Same level, breaches, gaps and identity: what a reader of the fleet list acts on. The quality
    /// figure, the other figures and the clock change with every batch and are left out.
    /// </summary>
    public bool SameShapeAs(ModelSummary other) =>
        Level == other.Level && Name == other.Name && Domain == other.Domain && Owner == other.Owner && Team == other.Team
        && Breaches.SequenceEqual(other.Breaches) && Gaps.SequenceEqual(other.Gaps);
}

/// <summary>A filter over the fleet; null fields match everything.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.FleetQuery")]
public sealed record FleetQuery(
    [property: Id(0)] string? Domain = null,
    [property: Id(1)] string? Owner = null,
    [property: Id(2)] string? Team = null,
    [property: Id(3)] DegradationLevel? Level = null,
    [property: Id(4)] string? Breached = null,
    [property: Id(5)] string? Gap = null);

/// <summary>The answer to a fleet query: matching models worst first, and counts over the whole fleet.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.FleetView")]
public sealed record FleetView(
    [property: Id(0)] IReadOnlyList<ModelSummary> Models,
    [property: Id(1)] IReadOnlyDictionary<int, int> CountsByLevel,
    [property: Id(2)] IReadOnlyDictionary<string, int> CountsByGap,
    [property: Id(3)] int Total,
    [property: Id(4)] long Version);
