namespace Fleet.Snapshots;

/// <summary>An operator's action on a model, audited: who, when (event time), why, and what it did.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.ActionRecord")]
public sealed record ActionRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] string By,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Effect);
