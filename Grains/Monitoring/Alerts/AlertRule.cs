using Fleet.Catalogue;

namespace Fleet.Monitoring.Alerts;

/// <summary>
/// A threshold rule, as Prometheus writes one: <c>reading comparison threshold</c>, held for
/// <see cref="For"/> before it fires and kept firing for <see cref="KeepFiringFor"/> after it
/// clears. Evaluated per model in <see cref="Scope"/>; the alert of a (rule, model) pair is named
/// after <see cref="Name"/>.
/// </summary>
/// <param name="Name">Unique among the rules: the alert's name ("error-rate").</param>
/// <param name="Reading">The reading compared, e.g. errorRate over 5m (<see cref="Readings"/>).</param>
/// <param name="For">How long the condition must hold before the alert fires; zero fires at once.</param>
/// <param name="KeepFiringFor">How long the alert keeps firing after the condition clears, against flapping; zero resolves at once.</param>
/// <param name="Description">What it means for a human, at the start of each transition's message.</param>
public sealed record AlertRule(
    string Name,
    ReadingKey Reading,
    Comparison Comparison,
    double Threshold,
    TimeSpan For,
    TimeSpan KeepFiringFor,
    AlertSeverity Severity,
    AlertScope Scope,
    string Description)
{
    /// <summary>The condition as written: "errorRate@5m > 0.01".</summary>
    public string Expression => $"{Reading} {Comparison.Symbol()} {SignalFormat.Number(Threshold)}";
}
