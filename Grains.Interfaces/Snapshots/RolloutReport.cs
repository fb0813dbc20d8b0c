using Fleet.Models;

namespace Fleet.Snapshots;

/// <summary>
/// One dimension of a rollout comparison in one segment (null: all traffic): each version's value and samples, the
/// candidate's difference, the test run on them and what it found: "better", "worse", "no significant difference",
/// "too few samples" (either version below the minimum) or "not observable" (a shadow candidate serves nobody).
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.ComparisonLine")]
public sealed record ComparisonLine(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string? Segment,
    [property: Id(2)] double? Current,
    [property: Id(3)] long CurrentSamples,
    [property: Id(4)] double? Candidate,
    [property: Id(5)] long CandidateSamples,
    [property: Id(6)] double? Difference,
    [property: Id(7)] string Test,
    [property: Id(8)] double? Statistic,
    [property: Id(9)] double? PValue,
    [property: Id(10)] double Alpha,
    [property: Id(11)] string Finding);

/// <summary>
/// A candidate version against the registered one since <see cref="Since"/>, with the verdict "promote", "hold" or
/// "roll back", the reasons behind it, and the evidence: every dimension over all traffic and per segment.
/// </summary>
[GenerateSerializer, Immutable, Alias("Fleet.RolloutReport")]
public sealed record RolloutReport(
    [property: Id(0)] string ModelId,
    [property: Id(1)] string CurrentVersion,
    [property: Id(2)] string CandidateVersion,
    [property: Id(3)] RolloutStage Stage,
    [property: Id(4)] DateTimeOffset? Since,
    [property: Id(5)] string Verdict,
    [property: Id(6)] IReadOnlyList<string> Reasons,
    [property: Id(7)] IReadOnlyList<ComparisonLine> Overall,
    [property: Id(8)] IReadOnlyList<ComparisonLine> Segments,
    [property: Id(9)] long MinSamples,
    [property: Id(10)] string Method);
