using Fleet.Monitoring.Ingestion;
using Xunit;

namespace Fleet.Tests.Core;

/// <summary>
/// The pending ring's own open-addressing index, checked against a Dictionary under random adds and removes,
/// including keys built to collide on their home slot (long probe runs, deletions inside and across them),
/// for rings numbered in ushorts and in ints.
/// </summary>
public sealed class SlotIndexTests
{
    [Theory]
    [InlineData(1, Keys.Random, 512)]
    [InlineData(2, Keys.Random, 512)]
    [InlineData(3, Keys.SameHome, 512)]
    [InlineData(4, Keys.SameHome, 512)]
    [InlineData(5, Keys.SameHome, 100)]     // a ring whose length is not a power of two
    [InlineData(6, Keys.SameHome, 65_535)]  // the largest ring numbered in ushorts
    [InlineData(7, Keys.Random, 100_000)]   // the default capacity's ring, numbered in ints
    [InlineData(8, Keys.SameHome, 100_000)]
    public void Agrees_with_a_dictionary_under_random_adds_and_removes(int seed, Keys kind, int slots)
    {
        var rng = new Random(seed);
        var keys = new ulong[slots];
        var index = new SlotIndex(keys);
        var reference = new Dictionary<ulong, int>();
        var free = new Stack<int>(Enumerable.Range(0, slots).OrderBy(_ => rng.Next())); // high slot numbers too

        for (var step = 0; step < 20_000; step++)
        {
            // Fill towards the ring's length (the table half full), then drain and refill.
            var addShare = step / 5_000 % 2 == 0 ? 0.6 : 0.3;
            if (free.Count > 0 && (reference.Count == 0 || rng.NextDouble() < addShare))
            {
                var key = NewKey(rng, kind);
                if (key == 0 || reference.ContainsKey(key)) continue;
                var slot = free.Pop();
                keys[slot] = key;
                index.Set(key, slot);
                reference[key] = slot;
            }
            else
            {
                var (key, slot) = reference.ElementAt(rng.Next(reference.Count));
                Assert.True(index.Remove(key, out var removed));
                Assert.Equal(slot, removed);
                keys[slot] = 0;
                reference.Remove(key);
                free.Push(slot);
            }

            if (step % 97 == 0)
            {
                Assert.Equal(reference.Count, index.Count);
                foreach (var (key, slot) in reference)
                {
                    Assert.True(index.TryFind(key, out var found));
                    Assert.Equal(slot, found);
                }
                var absent = NewKey(rng, kind);
                Assert.Equal(reference.ContainsKey(absent), index.TryFind(absent, out _));
            }
        }
        foreach (var (key, slot) in reference)
        {
            Assert.True(index.TryFind(key, out var found));
            Assert.Equal(slot, found);
        }
        Assert.Equal(reference.Count, new SlotIndex(keys).Count); // a rebuilt index finds the same keys
    }

    [Theory]
    [InlineData(1_000, 2_048 * 2)]        // ushort slot numbers
    [InlineData(65_535, 131_072 * 2)]     // the largest ring numbered in ushorts: slot + 1 = 65,535
    [InlineData(65_536, 131_072 * 4)]     // ints from here on
    public void A_full_ring_is_indexed_and_every_slot_found(int slots, long tableBytes)
    {
        var rng = new Random(8);
        var distinct = new HashSet<ulong>();
        while (distinct.Count < slots) distinct.Add(NewKey(rng, Keys.Random));
        var keys = distinct.ToArray();

        var index = new SlotIndex(keys);
        Assert.Equal(slots, index.Count);
        Assert.Equal(48 + 24 + tableBytes, index.EstimatedBytes);
        for (var slot = 0; slot < keys.Length; slot++)
        {
            Assert.True(index.TryFind(keys[slot], out var found));
            Assert.Equal(slot, found);
        }
        for (var slot = 0; slot < keys.Length; slot += 2) Assert.True(index.Remove(keys[slot], out var removed) && removed == slot);
        for (var slot = 1; slot < keys.Length; slot += 2) Assert.True(index.TryFind(keys[slot], out var found) && found == slot);
        Assert.Equal(slots / 2, index.Count);
    }

    [Fact]
    public void Missing_keys_are_not_found_and_not_removed()
    {
        var keys = new ulong[8];
        var index = new SlotIndex(keys);
        keys[3] = 42;
        index.Set(42, 3);

        Assert.False(index.TryFind(43, out _));
        Assert.False(index.Remove(43, out _));
        Assert.True(index.TryFind(42, out var slot));
        Assert.Equal(3, slot);
    }

    public enum Keys { Random, SameHome }

    // Colliding keys are k = j·φ⁻¹ (mod 2^64): the index's multiplicative hash turns them back into j, whose top bits
    // are all 0 (home = first slot) or, for -j, all 1 (home = last slot, so probe runs wrap around the table's end).
    private static ulong NewKey(Random rng, Keys kind) => kind == Keys.Random
        ? (ulong)rng.NextInt64(1, long.MaxValue)
        : Signed(rng, (ulong)rng.Next(1, 100_000)) * InverseOfFibonacci;

    private static ulong Signed(Random rng, ulong j) => rng.Next(2) == 0 ? j : 0UL - j;

    private static readonly ulong InverseOfFibonacci = Inverse(0x9E3779B97F4A7C15UL);

    private static ulong Inverse(ulong odd)
    {
        var x = odd; // Newton's iteration doubles the correct low bits each step: 3 → 6 → … → 64+
        for (var i = 0; i < 6; i++) x *= 2 - odd * x;
        Assert.Equal(1UL, odd * x);
        return x;
    }
}
