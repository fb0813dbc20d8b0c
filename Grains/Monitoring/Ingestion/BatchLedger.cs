namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// The ids of the most recent batches a model applied (a ring of id keys that grows on demand
/// up to its capacity), so that a resent batch is recognised and not counted twice. It is
/// checkpointed with the windows it protects: after a crash both roll back together, and a resend
/// of a lost batch is applied again.
/// </summary>
/// <remarks>
/// Looked up by a vectorised scan of the ring: one scan of at most 2.4 KB per batch costs well under a
/// microsecond, where a hash set beside the ring cost ~30 KiB per model.
/// </remarks>
[GenerateSerializer]
public sealed class BatchLedger
{
    /// <summary>
    /// 300 ids: a sender batching once a second is covered for the whole 5-minute clock window of the live world
    /// (a later resend is refused by its <c>sentAt</c> anyway); 2.4 KB a model where 1,024 ids took 8 KiB.
    /// </summary>
    public const int DefaultCapacity = 300;
    private const int InitialSlots = 16;

    [Id(0)] private ulong[] _ring = [];
    [Id(1)] private int _head;
    [Id(2)] public int Capacity { get; private set; }

    public BatchLedger(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    public bool Contains(string batchId) => Contains(IdKey.Of(batchId));

    public void Record(string batchId)
    {
        var key = IdKey.Of(batchId);
        if (Contains(key)) return;
        if (_ring.Length < Capacity && (_ring.Length == 0 || _ring[_head] != 0)) Grow();
        _ring[_head] = key;
        _head = (_head + 1) % _ring.Length;
    }

    public long EstimatedBytes() => 40 + 24 + _ring.Length * 8L;

    private bool Contains(ulong key) => _ring.AsSpan().Contains(key);

    private void Grow()
    {
        // Only called while every slot is taken, so the oldest id sits at _head.
        var ring = new ulong[Math.Min(Capacity, Math.Max(InitialSlots, _ring.Length * 2))];
        for (var i = 0; i < _ring.Length; i++) ring[i] = _ring[(_head + i) % _ring.Length];
        _head = _ring.Length;
        _ring = ring;
    }
}
