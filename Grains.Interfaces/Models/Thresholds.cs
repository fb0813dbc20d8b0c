using System.Collections.Immutable;
using Fleet.Catalogue;

namespace Fleet.Models;

/// <summary>
/// A limit on one metric, judged over one window and only once the window holds at least
/// <see cref="MinSamples"/> observations (below that the threshold is "not judged", never breached).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Limit")]
public sealed record Limit(
    [property: Id(0)] double Value,
    [property: Id(1)] WindowSpan Window,
    [property: Id(2)] long MinSamples);

/// <summary>
/// The maturation curve of the quality metric: below <see cref="Launch"/> the model should not serve,
/// <see cref="Target"/> is the first-quarter goal, <see cref="Stretch"/> the year-one goal.
/// For lower-is-better metrics (MAE) the values are upper bounds.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.QualityTargets")]
public sealed record QualityTargets(
    [property: Id(0)] double Launch,
    [property: Id(1)] double Target,
    [property: Id(2)] double Stretch,
    [property: Id(3)] WindowSpan Window,
    [property: Id(4)] long MinSamples);

/// <summary>How a model earns its way back up the ladder: the better level must hold for
/// <see cref="RecoveryHold"/> with every metric inside its limit by <see cref="Margin"/> (relative).</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Hysteresis")]
public sealed record Hysteresis(
    [property: Id(0)] TimeSpan RecoveryHold,
    [property: Id(1)] double Margin);

/// <summary>
/// Every threshold a model is judged by: its quality targets, its hysteresis, and one value per limit the
/// <see cref="ThresholdCatalogue"/> declares, held at the declaration's <see cref="LimitDeclaration.Index"/>
/// (null turns a limit off). Read and write a limit through its declaration: <c>t[ThresholdCatalogue.ErrorRate]</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.Thresholds")]
public sealed record Thresholds(
    [property: Id(0)] QualityTargets Quality,
    [property: Id(1)] Hysteresis Hysteresis,
    [property: Id(2)] ImmutableArray<Limit?> Limits)
{
    /// <summary>The limit a declaration names, or null when it is off.</summary>
    public Limit? this[LimitDeclaration declaration] => Limits[declaration.Index];

    /// <summary>The limit of a declaration every domain has (<see cref="LimitDeclaration.Base"/> null): never off.</summary>
    public Limit Required(LimitDeclaration declaration) =>
        Limits[declaration.Index] ?? throw new InvalidOperationException($"threshold '{declaration.Name}' is off");

    /// <summary>These thresholds with one limit replaced (null turns it off).</summary>
    public Thresholds With(LimitDeclaration declaration, Limit? limit) => this with { Limits = Limits.SetItem(declaration.Index, limit) };

    // By value: an immutable array compares by reference.
    public bool Equals(Thresholds? other) =>
        other is not null && Quality == other.Quality && Hysteresis == other.Hysteresis && Limits.SequenceEqual(other.Limits);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Quality);
        hash.Add(Hysteresis);
        foreach (var limit in Limits) hash.Add(limit);
        return hash.ToHashCode();
    }
}
