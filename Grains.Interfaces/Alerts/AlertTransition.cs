namespace Fleet.Monitoring.Alerts;

/// <summary>
/// One state change of one alert, at an event time. <see cref="Message"/> names the value and the
/// threshold that decided it.
/// </summary>
/// <param name="Value">The value judged at <see cref="At"/> (a burn rate for burn-rate rules); null when not judged.</param>
/// <param name="ActiveSince">When the condition began to hold in this episode (Prometheus' activeAt): the first
/// pending time, or the firing time when <c>for</c> is zero. Null for a transition to inactive.</param>
/// <param name="ClearedSince">For a transition to resolved: when the condition was first seen false, before
/// <c>keep_firing_for</c> ran out; the impact stopped then, the alert only confirmed it later.</param>
[GenerateSerializer, Immutable, Alias("Fleet.AlertTransition")]
public sealed record AlertTransition(
    [property: Id(0)] string Rule,
    [property: Id(1)] string Model,
    [property: Id(2)] AlertState From,
    [property: Id(3)] AlertState To,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] double? Value,
    [property: Id(6)] AlertSeverity Severity,
    [property: Id(7)] string Message,
    [property: Id(8)] DateTimeOffset? ActiveSince = null,
    [property: Id(9)] DateTimeOffset? ClearedSince = null)
{
    public AlertKey Key => new(Rule, Model);
}

/// <summary>Where one alert stands now, for snapshots and queries.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.AlertStatus")]
public sealed record AlertStatus(
    [property: Id(0)] string Rule,
    [property: Id(1)] string Model,
    [property: Id(2)] AlertState State,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] double? Value,
    [property: Id(5)] AlertSeverity Severity,
    [property: Id(6)] DateTimeOffset? ActiveSince);
