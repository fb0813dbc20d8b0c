namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// The ids of the most recent batches a model applied (a ring of stable hashes that grows on demand
/// up to its capacity), so that a resent batch is recognised and not counted twice. It is
/// checkpointed with the windows it protects: after a crash both roll back together, and a resend
/// of a lost batch is applied again.
/// </summary>
[GenerateSerializer]
public sealed class BatchLedger
{
    public const int DefaultCapacity = 1024;
    private const int InitialSlots = 16;

    [Id(0)] private ulong[] _ring = [];
    [Id(1)] private int _head;
    [Id(2)] public int Capacity { get; private set; }

    [NonSerialized] private HashSet<ulong>? _seen;

    public BatchLedger(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    public bool Contains(string batchId) => Seen.Contains(StableHash.Of(batchId));

    public void Record(string batchId)
    {
        var key = StableHash.Of(batchId);
        if (!Seen.Add(key)) return;
        if (Seen.Count > _ring.Length && _ring.Length < Capacity) Grow();
        if (_ring[_head] != 0) Seen.Remove(_ring[_head]);
        _ring[_head] = key;
        _head = (_head + 1) % _ring.Length;
    }

    public long EstimatedBytes() => 32 + _ring.Length * 8L + Seen.Count * 24L;

    private HashSet<ulong> Seen => _seen ??= [.. _ring.Where(key => key != 0)];

    private void Grow()
    {
        // Only called while every slot is taken, so the oldest id sits at _head.
        var ring = new ulong[Math.Min(Capacity, Math.Max(InitialSlots, _ring.Length * 2))];
        for (var i = 0; i < _ring.Length; i++) ring[i] = _ring[(_head + i) % _ring.Length];
        _head = _ring.Length;
        _ring = ring;
    }
}
