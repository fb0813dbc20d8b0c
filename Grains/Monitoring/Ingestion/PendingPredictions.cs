namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// Predictions waiting for their outcome, keyed by a stable hash of the prediction id. A ring of
/// parallel arrays (24 bytes a slot) that grows on demand up to a capacity; when full, the oldest
/// prediction is forgotten and its outcome, if it ever comes, counts as unmatched. The index from
/// hash to slot is rebuilt after a checkpoint is read rather than stored.
/// </summary>
[GenerateSerializer]
public sealed class PendingPredictions
{
    public const int DefaultCapacity = 100_000;
    private const int InitialSlots = 64;

    [Id(0)] private ulong[] _keys = [];
    [Id(1)] private long[] _ticks = [];
    [Id(2)] private double[] _scores = [];
    [Id(3)] private int _head; // next slot to write
    [Id(4)] private int _used; // slots written since the ring last wrapped, up to its length
    [Id(5)] public int Capacity { get; private set; }

    [NonSerialized] private Dictionary<ulong, int>? _index;

    public PendingPredictions(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    /// <summary>Predictions still waiting.</summary>
    public int Count => Index.Count;

    /// <summary>Remembers a prediction; returns false when its id was already waiting (the first one stays).</summary>
    public bool Add(string predictionId, long ticks, double score)
    {
        var key = StableHash.Of(predictionId);
        var index = Index;
        if (index.ContainsKey(key)) return false;
        if (_used == _keys.Length && _keys.Length < Capacity) Grow();
        if (_used == _keys.Length && _keys[_head] != 0) index.Remove(_keys[_head]);
        _keys[_head] = key;
        _ticks[_head] = ticks;
        _scores[_head] = score;
        index[key] = _head;
        _head = (_head + 1) % _keys.Length;
        if (_used < _keys.Length) _used++;
        return true;
    }

    public bool Contains(string predictionId) => Index.ContainsKey(StableHash.Of(predictionId));

    /// <summary>Finds and forgets the prediction an outcome answers.</summary>
    public bool TryTake(string predictionId, out long ticks, out double score)
    {
        var key = StableHash.Of(predictionId);
        if (!Index.Remove(key, out var slot))
        {
            ticks = 0;
            score = 0;
            return false;
        }
        ticks = _ticks[slot];
        score = _scores[slot];
        _keys[slot] = 0;
        return true;
    }

    public long EstimatedBytes() => 48 + _keys.Length * 24L + Index.Count * 24L + 64;

    private Dictionary<ulong, int> Index => _index ??= BuildIndex();

    private Dictionary<ulong, int> BuildIndex()
    {
        var index = new Dictionary<ulong, int>();
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            if (_keys[slot] != 0) index[_keys[slot]] = slot;
        }
        return index;
    }

    private void Grow()
    {
        // The ring is full and has wrapped to slot 0 only if it was never grown past a wrap:
        // growth happens only while _used == length, so the oldest entry sits at _head.
        var length = Math.Min(Capacity, Math.Max(InitialSlots, _keys.Length * 2));
        var keys = new ulong[length];
        var ticks = new long[length];
        var scores = new double[length];
        for (var i = 0; i < _used; i++)
        {
            var from = (_head + i) % _keys.Length;
            keys[i] = _keys[from];
            ticks[i] = _ticks[from];
            scores[i] = _scores[from];
        }
        (_keys, _ticks, _scores) = (keys, ticks, scores);
        _head = _used;
        _index = null;
    }
}
