using Fleet.Models;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// A threshold that put the model at its level, remembered until it is seen to clear. <see cref="Window"/> is the
/// longest window it was judged breached over (its recovery holds at least that long); <see cref="UnjudgedSince"/>
/// is when it last became impossible to judge (too few samples), null while it can be judged. <see cref="Relapses"/>
/// counts how many times in a row it put the model back within a day of a recovery from it (its hold doubles each time).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.HeldBreach")]
public sealed record HeldBreach(
    [property: Id(0)] string Threshold,
    [property: Id(1)] DegradationLevel Severity,
    [property: Id(2)] WindowSpan Window,
    [property: Id(3)] DateTimeOffset? UnjudgedSince = null,
    [property: Id(4)] int Relapses = 0);

/// <summary>A threshold the model recovered from, and when: a relapse within a day lengthens its next hold.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.RecoveredBreach")]
public sealed record RecoveredBreach(
    [property: Id(0)] string Threshold,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int Relapses);
