using System.Numerics;

namespace Fleet.Monitoring.Ingestion;

// Our own: a Dictionary<ulong, int> costs ~24 bytes an entry plus its buckets and an indirection per lookup;
// the ring already holds the keys, so the index only needs the slot numbers (4 bytes each, half empty).
/// <summary>
/// Open-addressing index from a key to the ring slot that holds it: a power-of-two table of slot numbers
/// (0 = empty, else slot + 1), linear probing, backward-shift deletion (no tombstones). The keys themselves
/// are read from the ring's key array, so the index is rebuilt, never stored.
/// </summary>
internal sealed class SlotIndex
{
    private readonly int[] _table;
    private readonly ulong[] _keys;
    private readonly int _mask;
    private readonly int _shift;

    /// <summary>An index over <paramref name="keys"/> (the ring), sized for all of its slots at most half full.</summary>
    public SlotIndex(ulong[] keys)
    {
        _keys = keys;
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, keys.Length * 2));
        _table = new int[size];
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
        for (var slot = 0; slot < keys.Length; slot++)
        {
            if (keys[slot] != 0) Set(keys[slot], slot);
        }
    }

    public int Count { get; private set; }

    public long EstimatedBytes => 48 + 24 + _table.Length * 4L;

    public bool TryFind(ulong key, out int slot)
    {
        for (var i = Home(key); ; i = (i + 1) & _mask)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                slot = -1;
                return false;
            }
            if (_keys[entry - 1] == key)
            {
                slot = entry - 1;
                return true;
            }
        }
    }

    /// <summary>Points <paramref name="key"/> (already written to the ring) at <paramref name="slot"/>; the key must not be indexed yet.</summary>
    public void Set(ulong key, int slot)
    {
        var i = Home(key);
        while (_table[i] != 0) i = (i + 1) & _mask;
        _table[i] = slot + 1;
        Count++;
    }

    /// <summary>Forgets <paramref name="key"/>; call while the ring still holds it. False when it was not indexed.</summary>
    public bool Remove(ulong key, out int slot)
    {
        var i = Home(key);
        while (true)
        {
            var entry = _table[i];
            if (entry == 0)
            {
                slot = -1;
                return false;
            }
            if (_keys[entry - 1] == key) break;
            i = (i + 1) & _mask;
        }
        slot = _table[i] - 1;
        // Backward shift: pull later entries of the same probe run into the hole, so lookups never need tombstones.
        var hole = i;
        for (var j = (hole + 1) & _mask; _table[j] != 0; j = (j + 1) & _mask)
        {
            var home = Home(_keys[_table[j] - 1]);
            // Move the entry at j into the hole unless its home lies cyclically in (hole, j].
            var stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (stays) continue;
            _table[hole] = _table[j];
            hole = j;
        }
        _table[hole] = 0;
        Count--;
        return true;
    }

    // Fibonacci hashing: the keys are already hashes, but this spreads their low bits across the table anyway.
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
}
