namespace Fleet.Monitoring.Owner;

/// <summary>Which version or share a prediction outside the model's own windows came from.</summary>
public enum PendingArm : byte { Holdout = 1, Candidate = 2 }

/// <summary>A holdout or candidate prediction awaiting its outcome.</summary>
[GenerateSerializer]
public readonly record struct ArmPrediction(
    [property: Id(0)] long Ticks,
    [property: Id(1)] double Score,
    [property: Id(2)] string? Segment,
    [property: Id(3)] PendingArm Arm);

/// <summary>
/// Holdout and candidate predictions awaiting their outcomes, beside the model's own pending ring (which holds only the
/// registered version's). At most <see cref="Capacity"/>; the oldest is forgotten first (its outcome then counts as unmatched).
/// </summary>
[GenerateSerializer]
public sealed class ArmPending
{
    public const int Capacity = 50_000;

    [Id(0)] private readonly Dictionary<ulong, ArmPrediction> _waiting = [];
    [Id(1)] private readonly Queue<ulong> _order = new();

    public int Count => _waiting.Count;

    public bool Contains(ulong key) => _waiting.ContainsKey(key);

    public void Add(ulong key, ArmPrediction prediction)
    {
        while (_waiting.Count >= Capacity && _order.TryDequeue(out var oldest)) _waiting.Remove(oldest);
        if (!_waiting.TryAdd(key, prediction)) return;
        _order.Enqueue(key);
        // Answered predictions leave their keys in the queue: drop them when it has grown to twice what may wait.
        if (_order.Count > 2 * Capacity)
        {
            var still = _order.Where(_waiting.ContainsKey).ToArray();
            _order.Clear();
            foreach (var k in still) _order.Enqueue(k);
        }
    }

    public bool TryTake(ulong key, out ArmPrediction prediction) => _waiting.Remove(key, out prediction);

    /// <summary>Forgets the candidate's predictions (a new or withdrawn candidate); the holdout's keep waiting.</summary>
    public void ForgetCandidate()
    {
        foreach (var (key, p) in _waiting.ToList())
        {
            if (p.Arm == PendingArm.Candidate) _waiting.Remove(key);
        }
    }

    public long EstimatedBytes() => 64 + _waiting.Count * 56L + _order.Count * 8L;
}
