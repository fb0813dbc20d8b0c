namespace Fleet.Monitoring.Ingestion;

/// <summary>
/// Predictions waiting for their outcome, keyed by a stable hash of the prediction id (<see cref="IdKey"/>). A ring of
/// parallel arrays (23 bytes a slot, in arrival order; the time exact in 6 of them, <see cref="TickColumn"/>) that grows on demand up to a capacity and shrinks back
/// once the backlog has drained. An outcome frees its slot; holes are squeezed out when the ring needs room. When as many
/// predictions wait as the capacity allows, the oldest waiting one is forgotten and its outcome,
/// if it ever comes, counts as unmatched. A prediction whose outcome has not come within <see cref="LabelHorizon"/>
/// of the model's clock is expired (<see cref="ExpireBefore"/>): traffic with a share that is never labelled would
/// otherwise fill the ring to its capacity and hold it there for good. A prediction sent without a score waits too,
/// with a NaN score, so its id is reserved like any other. The index from hash to slot is rebuilt, not stored; a
/// checkpoint keeps only what waits (<see cref="StoredPending"/>).
/// </summary>
public sealed class PendingPredictions
{
    public const int DefaultCapacity = 100_000;

    /// <summary>
    /// How long a prediction waits for its outcome: the longest label delay Fleet accepts (the simulator's scenarios
    /// accept the same 7 days). An outcome that comes later counts as unmatched, and the prediction as unlabelled.
    /// </summary>
    public static readonly TimeSpan LabelHorizon = TimeSpan.FromDays(7);
    private const int InitialSlots = 64;
    private const int MinGrowthSlots = 16;

    private ulong[] _keys = [];
    private TickColumn _ticks = new(0);
    private double[] _scores = [];
    private int _head; // next slot to write
    private int _tail; // oldest slot in use (may be a hole left by an outcome)
    public int Capacity { get; private set; }
    private int _span; // slots from tail to head, holes included
    private byte[] _segments = []; // the prediction's segment (SegmentQuality's index), NoSegment when none

    /// <summary>The segment index of a prediction that named no segment.</summary>
    public const byte NoSegment = byte.MaxValue;

    private SlotIndex? _index;
    // A ring restored or copied from its stored form keeps that form until it is first used: a checkpoint's copy is
    // written as it was taken, never unpacked, and a model restored but not yet sent anything holds 25 bytes a prediction.
    private StoredPending? _stored;
    // Outcomes taken in a row while the ring stayed drained; an add that lifts it above the mark, or a resize, starts again (see ShrinkIfDrained).
    private int _drainedTakes;

    public PendingPredictions(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    /// <summary>Predictions still waiting.</summary>
    public int Count => Index.Count;

    /// <summary>Remembers a prediction; returns false when its id was already waiting (the first one stays).</summary>
    public bool Add(string predictionId, long ticks, double score) => Add(IdKey.Of(predictionId), ticks, score, NoSegment);

    /// <summary>Remembers a prediction (by its <see cref="IdKey"/>) with its segment, so its outcome can count towards that segment's quality.</summary>
    public bool Add(ulong key, long ticks, double score, byte segment)
    {
        if (Index.TryFind(key, out _)) return false;
        AddChecked(key, ticks, score, segment);
        return true;
    }

    /// <summary>
    /// Remembers a prediction whose id the caller has found not waiting (a batch judged against <see cref="Contains"/>,
    /// its ids distinct): without the second lookup, a cache miss or two a prediction in a large ring.
    /// </summary>
    internal void AddChecked(ulong key, long ticks, double score, byte segment)
    {
        System.Diagnostics.Debug.Assert(!Index.TryFind(key, out _), "the id already waits");
        if (Index.Count == Capacity) EvictOldest();
        if (_span == _keys.Length) Repack(NextLength(Index.Count));
        _keys[_head] = key;
        _ticks[_head] = ticks;
        _scores[_head] = score;
        _segments[_head] = segment;
        Index.Set(key, _head);
        _head = (_head + 1) % _keys.Length;
        _span++;
        if (_drainedTakes != 0 && !Drained(Index.Count)) _drainedTakes = 0;
    }

    public bool Contains(string predictionId) => Contains(IdKey.Of(predictionId));

    public bool Contains(ulong key) => Index.TryFind(key, out _);

    /// <summary>Finds and forgets the prediction an outcome answers.</summary>
    public bool TryTake(string predictionId, out long ticks, out double score) => TryTake(IdKey.Of(predictionId), out ticks, out score, out _);

    public bool TryTake(ulong key, out long ticks, out double score, out byte segment)
    {
        if (!Index.Remove(key, out var slot))
        {
            ticks = 0;
            score = 0;
            segment = NoSegment;
            return false;
        }
        ticks = _ticks[slot];
        score = _scores[slot];
        segment = _segments[slot];
        _keys[slot] = 0;
        DropLeadingHoles();
        ShrinkIfDrained();
        return true;
    }

    /// <summary>
    /// Forgets the predictions made before <paramref name="oldestTicks"/>, oldest by arrival first, and returns how many:
    /// it stops at the first waiting prediction that is not older, so one that arrived after a younger one goes once that
    /// one has left. Traffic arrives in about its time order, and the ring is walked no further than what expires.
    /// </summary>
    public int ExpireBefore(long oldestTicks)
    {
        Thaw();
        var expired = 0;
        DropLeadingHoles();
        while (_span > 0 && _ticks[_tail] < oldestTicks)
        {
            Index.Remove(_keys[_tail], out _);
            _keys[_tail] = 0;
            expired++;
            DropLeadingHoles();
            ShrinkIfDrained();
        }
        return expired;
    }

    /// <summary>The ring's length: what it holds memory for, waiting or not.</summary>
    internal int Slots
    {
        get
        {
            Thaw();
            return _keys.Length;
        }
    }

    public long EstimatedBytes() => 56 + 3 * 24 + Slots * 17L + _ticks.EstimatedBytes + Index.EstimatedBytes;

    private SlotIndex Index
    {
        get
        {
            Thaw();
            return _index ??= new SlotIndex(_keys);
        }
    }

    private void Thaw()
    {
        if (_stored is not { } stored) return;
        _stored = null;
        Unpack(stored);
    }

    private void EvictOldest()
    {
        DropLeadingHoles();
        Index.Remove(_keys[_tail], out _);
        _keys[_tail] = 0;
        DropLeadingHoles();
    }

    /// <summary>Moves the tail past slots whose predictions were answered, so the ring's span counts only what may still wait.</summary>
    private void DropLeadingHoles()
    {
        while (_span > 0 && _keys[_tail] == 0)
        {
            _tail = (_tail + 1) % _keys.Length;
            _span--;
        }
    }

    /// <summary>
    /// Shrinks the ring once outcomes for half its slots have been taken while it stayed <see cref="Drained"/>, not
    /// only when its span next fills: a burst's ring would otherwise outlive the burst by up to its length in adds.
    /// It goes to half its length, or straight to twice what waits when that is less (a burst that drained to a trickle
    /// pays one copy, not one per halving), never under <see cref="InitialSlots"/>: what waits then fills at most half
    /// the ring, above the mark, so it is not shrunk again at once, and under the grow point.
    /// A backlog that only passes through a low point, even empty, on its way to refilling (a batch answered all at
    /// once) keeps its ring: under 3/8 of the slots can be taken on the way down. A backlog that returns above the
    /// mark starts the count again, so one hovering near it is not shrunk and grown in turn. The takes also pay
    /// for the copy, so resizing stays amortised O(1) per prediction.
    /// </summary>
    private void ShrinkIfDrained()
    {
        _drainedTakes = Drained(Index.Count) ? _drainedTakes + 1 : 0;
        if (_drainedTakes >= _keys.Length / 2 && _keys.Length > InitialSlots)
            Repack(Math.Max(InitialSlots, Math.Min(_keys.Length / 2, 2 * Index.Count)));
    }

    /// <summary>Under 3/8 of the ring waits: shrunk, it still has at least half free, so it does not grow back at once.</summary>
    private bool Drained(int waiting) => waiting * 8 < _keys.Length * 3;

    /// <summary>
    /// Grow only when at least seven eighths of the ring really wait, and then by half (at least
    /// <see cref="MinGrowthSlots"/>); otherwise squeeze out the holes answered outcomes left behind (shrinking is
    /// <see cref="ShrinkIfDrained"/>'s: shrinking here too, whenever the span filled under 3/8 waiting, shrank and grew a
    /// backlog hovering near the grow point of the smaller ring in turn). A repack leaves at least an eighth of the ring
    /// free and growth is geometric, so repacking stays amortised O(1) per prediction (at most eight slots copied an add
    /// when answers leave holes; none when they come in order). A steady backlog of n waits in 1.14 n to 1.71 n slots;
    /// doubling at three quarters held 1.33 n to 2.67 n (600 waiting took 1,024 slots, 729 now).
    /// </summary>
    private int NextLength(int waiting) =>
        _keys.Length == 0 ? Math.Min(Capacity, InitialSlots)
        : waiting * 8 >= _keys.Length * 7 && _keys.Length < Capacity ? Math.Min(Capacity, _keys.Length + Math.Max(MinGrowthSlots, _keys.Length / 2))
        : _keys.Length;

    /// <summary>Copies the waiting predictions, oldest first and without holes, into a ring of <paramref name="length"/> slots.</summary>
    private void Repack(int length)
    {
        if (length != _keys.Length) _drainedTakes = 0;
        var keys = new ulong[length];
        var ticks = new TickColumn(length); // based on the oldest still waiting
        var scores = new double[length];
        var segments = new byte[length];
        var n = 0;
        for (var i = 0; i < _span; i++)
        {
            var from = (_tail + i) % _keys.Length;
            if (_keys[from] == 0) continue;
            keys[n] = _keys[from];
            ticks[n] = _ticks[from];
            scores[n] = _scores[from];
            segments[n] = _segments[from];
            n++;
        }
        Adopt(keys, ticks, scores, segments, n);
    }

    /// <summary>Takes a ring whose first <paramref name="waiting"/> slots hold what waits, oldest first.</summary>
    private void Adopt(ulong[] keys, TickColumn ticks, double[] scores, byte[] segments, int waiting)
    {
        (_keys, _ticks, _scores, _segments) = (keys, ticks, scores, segments);
        _tail = 0;
        _span = waiting;
        _head = keys.Length == 0 ? 0 : waiting % keys.Length;
        _index = new SlotIndex(keys); // now, before the caller writes the next key into the new ring
    }

    /// <summary>What a checkpoint keeps: the waiting predictions oldest first, the ring's length and its capacity.</summary>
    internal StoredPending ToStored()
    {
        if (_stored is { } stored) return stored;
        var waiting = new byte[Count * StoredPending.BytesPerPrediction];
        var column = new StoredPending.Columns(waiting);
        var n = 0;
        for (var i = 0; i < _span; i++)
        {
            var slot = (_tail + i) % _keys.Length;
            if (_keys[slot] != 0) column.Write(n++, _keys[slot], _ticks[slot], _scores[slot], _segments[slot]);
        }
        return new StoredPending { Capacity = Capacity, Slots = _keys.Length, Waiting = waiting };
    }

    /// <summary>
    /// The ring a checkpoint kept; unpacked when first used, laid out as a repack leaves it: what waits in the first
    /// slots, oldest first. A stored form of broken length is refused here, before anything reads it.
    /// </summary>
    internal static PendingPredictions FromStored(in StoredPending stored)
    {
        _ = new StoredPending.Columns(stored.Waiting ?? []);
        return new PendingPredictions(stored.Capacity) { _stored = stored };
    }

    private void Unpack(in StoredPending stored)
    {
        var column = new StoredPending.Columns(stored.Waiting ?? []);
        var length = Math.Max(stored.Slots, column.Count);
        var (keys, ticks, scores, segments) = (new ulong[length], new TickColumn(length), new double[length], new byte[length]);
        for (var i = 0; i < column.Count; i++)
        {
            var (key, tick, score, segment) = column.Read(i);
            (keys[i], ticks[i], scores[i], segments[i]) = (key, tick, score, segment);
        }
        Adopt(keys, ticks, scores, segments, column.Count);
    }
}
