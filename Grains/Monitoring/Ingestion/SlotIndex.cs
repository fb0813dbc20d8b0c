using System.Numerics;

namespace Fleet.Monitoring.Ingestion;

// Our own: a Dictionary<ulong, int> costs ~24 bytes an entry plus its buckets and an indirection per lookup;
// the ring already holds the keys, so the index only needs the slot numbers (2 bytes each for most rings, half empty).
/// <summary>
/// Open-addressing index from a key to the ring slot that holds it: a power-of-two table of slot numbers
/// (0 = empty, else slot + 1), linear probing, backward-shift deletion (no tombstones). The keys themselves
/// are read from the ring's key array, so the index is rebuilt, never stored. A ring of under 65,536 slots
/// numbers them in ushorts, a larger one in ints: the table stays at most half full either way (a table sized
/// to the ring instead, 3/4 full at most, cost a third more per add and take with 594 waiting in 1,024 slots).
/// </summary>
internal sealed class SlotIndex
{
    private readonly ushort[]? _narrow;
    private readonly int[]? _wide;
    private readonly ulong[] _keys;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>An index over <paramref name="keys"/> (the ring), sized for all of its slots at most half full.</summary>
    public SlotIndex(ulong[] keys)
    {
        _keys = keys;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, keys.Length * 2));
        if (keys.Length <= ushort.MaxValue) _narrow = new ushort[size];
        else _wide = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] != 0) Set(keys[slot], slot);
        }
    }

    public int Count { get; private set; }

    public long EstimatedBytes => 48 + 24 + (_narrow is not null ? _narrow.Length * 2L : _wide!.Length * 4L);

    public bool TryFind(ulong key, out int slot) => _narrow is not null ? TryFind(_narrow, key, out slot) : TryFind(_wide!, key, out slot);

    /// <summary>Points <paramref name="key"/> (already written to the ring) at <paramref name="slot"/>; the key must not be indexed yet.</summary>
    public void Set(ulong key, int slot)
    {
        if (_narrow is not null) Set(_narrow, key, slot);
        else Set(_wide!, key, slot);
        Count++;
    }

    /// <summary>Forgets <paramref name="key"/>; call while the ring still holds it. False when it was not indexed.</summary>
    public bool Remove(ulong key, out int slot)
    {
        var removed = _narrow is not null ? Remove(_narrow, key, out slot) : Remove(_wide!, key, out slot);
        if (removed) Count--;
        return removed;
    }

    // Generic over the entry's width; the JIT compiles each width on its own, so neither pays for the other.
    private bool TryFind<TEntry>(TEntry[] table, ulong key, out int slot) where TEntry : unmanaged, IBinaryInteger<TEntry>
    {
        for (var i = Home(key); ; i = (i + 1) & _mask)
        {
            var entry = table[i];
            if (entry == TEntry.Zero)
            {
                slot = -1;
                return false;
            }
            if (_keys[SlotOf(entry)] == key)
            {
                slot = SlotOf(entry);
                return true;
            }
        }
    }

    private void Set<TEntry>(TEntry[] table, ulong key, int slot) where TEntry : unmanaged, IBinaryInteger<TEntry>
    {
        var i = Home(key);
        while (table[i] != TEntry.Zero) i = (i + 1) & _mask;
        table[i] = TEntry.CreateTruncating(slot + 1);
    }

    private bool Remove<TEntry>(TEntry[] table, ulong key, out int slot) where TEntry : unmanaged, IBinaryInteger<TEntry>
    {
        var i = Home(key);
        while (true)
        {
            var entry = table[i];
            if (entry == TEntry.Zero)
            {
                slot = -1;
                return false;
            }
            if (_keys[SlotOf(entry)] == key) break;
            i = (i + 1) & _mask;
        }
        slot = SlotOf(table[i]);
        // Backward shift: pull later entries of the same probe run into the hole, so lookups never need tombstones.
        var hole = i;
        for (var j = (hole + 1) & _mask; table[j] != TEntry.Zero; j = (j + 1) & _mask)
        {
            var home = Home(_keys[SlotOf(table[j])]);
            // Move the entry at j into the hole unless its home lies cyclically in (hole, j].
            var stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (stays) continue;
            table[hole] = table[j];
            hole = j;
        }
        table[hole] = TEntry.Zero;
        return true;
    }

    private static int SlotOf<TEntry>(TEntry entry) where TEntry : unmanaged, IBinaryInteger<TEntry> => int.CreateTruncating(entry) - 1;

    // Fibonacci hashing: the keys are already hashes, but this spreads their low bits across the table anyway.
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
}
