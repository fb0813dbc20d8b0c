namespace Fleet.Monitoring;

/// <summary>
/// One reading at one evaluation: its value (null when it cannot be computed), the samples behind it, and the samples
/// it needs before the alert rules judge it. A level threshold reading the same slot asks for its own limit's minimum
/// instead (<see cref="JudgedFrom"/>): the one place that decides whether a value can be judged.
/// </summary>
public readonly record struct ReadingValue(double? Value, long Samples, long MinSamples)
{
    /// <summary>Whether the value can be judged by someone who needs <paramref name="minSamples"/> samples.</summary>
    public bool JudgedFrom(long minSamples) => Value is { } v && !double.IsNaN(v) && Samples >= minSamples;

    /// <summary>Whether the alert rules judge it: from its own minimum of samples.</summary>
    public bool Judged => JudgedFrom(MinSamples);
}
