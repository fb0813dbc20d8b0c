namespace Fleet.Monitoring.Alerts;

/// <summary>
/// A threshold rule, as Prometheus writes one: <c>signal comparison threshold</c>, held for
/// <see cref="For"/> before it fires and kept firing for <see cref="KeepFiringFor"/> after it
/// clears. Evaluated per model in <see cref="Scope"/>; the alert of a (rule, model) pair is named
/// after <see cref="Name"/>.
/// </summary>
/// <param name="Name">Unique among the rules: the alert's name ("error-rate").</param>
/// <param name="Signal">The signal compared, e.g. "errorRate@5m" (<see cref="AlertSignals"/>).</param>
/// <param name="For">How long the condition must hold before the alert fires; zero fires at once.</param>
/// <param name="KeepFiringFor">How long the alert keeps firing after the condition clears, against flapping; zero resolves at once.</param>
/// <param name="Description">What it means for a human, at the start of each transition's message.</param>
[GenerateSerializer, Immutable, Alias("Fleet.AlertRule")]
public sealed record AlertRule(
    [property: Id(0)] string Name,
    [property: Id(1)] string Signal,
    [property: Id(2)] Comparison Comparison,
    [property: Id(3)] double Threshold,
    [property: Id(4)] TimeSpan For,
    [property: Id(5)] TimeSpan KeepFiringFor,
    [property: Id(6)] AlertSeverity Severity,
    [property: Id(7)] AlertScope Scope,
    [property: Id(8)] string Description)
{
    /// <summary>The condition as written: "errorRate@5m > 0.01".</summary>
    public string Expression => $"{Signal} {Comparison.Symbol()} {SignalFormat.Number(Threshold)}";
}
