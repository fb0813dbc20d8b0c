using Fleet.Events;
using Fleet.Models;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// A candidate version against the registered one, on the same traffic and window: from the moment the candidate was
/// declared, each version's requests, failures, latency, labelled quality and user responses, per segment (the first
/// <see cref="MaxSegments"/> seen; the rest, and predictions naming none, count only in the whole). Started afresh when
/// another candidate is declared.
/// </summary>
[GenerateSerializer]
public sealed class RolloutComparison
{
    public const int MaxSegments = 16;
    private const int Whole = MaxSegments; // the slot of predictions with no tracked segment

    [Id(0)] public string Candidate { get; init; } = "";
    [Id(1)] public RolloutStage Stage { get; set; }
    [Id(2)] public long SinceTicks { get; init; }
    [Id(3)] private readonly List<string> _segments = [];
    [Id(4)] private readonly ArmCounts[] _current = new ArmCounts[MaxSegments + 1];
    [Id(5)] private readonly ArmCounts[] _candidate = new ArmCounts[MaxSegments + 1];

    public IReadOnlyList<string> Segments => _segments;

    public void RecordRequest(bool candidate, PredictionEvent p) => Arm(candidate)[SlotOf(p.Segment)].RecordRequest(p);

    public void RecordOutcome(bool candidate, string? segment, double score, double label, UserResponse? response, double decisionThreshold)
    {
        ref var counts = ref Arm(candidate)[SlotOf(segment)];
        if (!double.IsNaN(score)) counts.Quality.Add(score, label, decisionThreshold);
        // A shadow candidate serves nobody: a response to the request answers what the current version served.
        if (response is not null && !(candidate && Stage == RolloutStage.Shadow)) counts.RecordResponse(response);
    }

    /// <summary>One version's counts in one segment, or over all traffic when <paramref name="segment"/> is null.</summary>
    public ArmCounts Counts(bool candidate, string? segment)
    {
        var arm = Arm(candidate);
        if (segment is not null)
        {
            var i = _segments.IndexOf(segment);
            return i < 0 ? default : arm[i];
        }
        var total = default(ArmCounts);
        foreach (var c in arm) total.Add(c);
        return total;
    }

    private ArmCounts[] Arm(bool candidate) => candidate ? _candidate : _current;

    private int SlotOf(string? segment)
    {
        if (segment is null) return Whole;
        var i = _segments.IndexOf(segment);
        if (i >= 0) return i;
        if (_segments.Count >= MaxSegments) return Whole;
        _segments.Add(segment);
        return _segments.Count - 1;
    }
}
