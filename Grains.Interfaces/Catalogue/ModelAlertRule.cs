using Fleet.Monitoring.Alerts;

namespace Fleet.Catalogue;

/// <summary>
/// An alert rule a model's owner declares with its registration (<c>alerts</c>): a condition on any declared reading
/// (<see cref="Readings"/>, e.g. "optOut.rate@7d &gt; 0.01" or "volume.drop@24h &gt; 0.25"), judged for that model
/// beside the fleet's default rules through the same life cycle (for, keep firing for, severity).
/// </summary>
/// <param name="Name">The alert's name, unique among the model's rules and not a fleet rule's.</param>
/// <param name="Reading">The reading as a rule names it: "name@window", or the bare name of one without a window.</param>
[GenerateSerializer, Immutable, Alias("Fleet.ModelAlertRule")]
public sealed record ModelAlertRule(
    [property: Id(0)] string Name,
    [property: Id(1)] string Reading,
    [property: Id(2)] Comparison Comparison,
    [property: Id(3)] double Threshold,
    [property: Id(4)] TimeSpan For,
    [property: Id(5)] TimeSpan KeepFiringFor,
    [property: Id(6)] AlertSeverity Severity,
    [property: Id(7)] string? Description = null)
{
    /// <summary>At most this many rules per model: each is judged at every evaluation.</summary>
    public const int MaxPerModel = 16;

    /// <summary>The declared reading it compares (registration refuses a rule naming another).</summary>
    public ReadingKey Key => Readings.Find(Reading) ?? throw new InvalidOperationException($"rule '{Name}' names no declared reading '{Reading}'");

    /// <summary>The condition as written: "optOut.rate@7d &gt; 0.01".</summary>
    public string Expression => $"{Reading} {Comparison.Symbol()} {Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
