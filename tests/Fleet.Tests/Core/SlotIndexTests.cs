using Fleet.Monitoring.Ingestion;
using Xunit;

namespace Fleet.Tests.Core;

/// <summary>
/// The pending ring's own open-addressing index, checked against a Dictionary under random adds and removes,
/// including keys built to collide on their home slot (long probe runs, deletions inside and across them).
/// </summary>
public sealed class SlotIndexTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public void Agrees_with_a_dictionary_under_random_adds_and_removes(int seed, bool colliding)
    {
        const int slots = 512;
        var rng = new Random(seed);
        var keys = new ulong[slots];
        var index = new SlotIndex(keys);
        var reference = new Dictionary<ulong, int>();
        var free = new Stack<int>(Enumerable.Range(0, slots).Reverse());

        for (var step = 0; step < 20_000; step++)
        {
            if (free.Count > 0 && (reference.Count == 0 || rng.NextDouble() < 0.55))
            {
                var key = NewKey(rng, colliding);
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
                var absent = NewKey(rng, colliding);
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

    // Colliding keys are k = j·φ⁻¹ (mod 2^64): the index's multiplicative hash turns them back into j, whose top bits
    // are all 0 (home = first slot) or, for -j, all 1 (home = last slot, so probe runs wrap around the table's end).
    private static ulong NewKey(Random rng, bool colliding)
    {
        if (!colliding) return (ulong)rng.NextInt64(1, long.MaxValue);
        var j = (ulong)rng.Next(1, 100_000);
        return (rng.Next(2) == 0 ? j : 0UL - j) * InverseOfFibonacci;
    }

    private static readonly ulong InverseOfFibonacci = Inverse(0x9E3779B97F4A7C15UL);

    private static ulong Inverse(ulong odd)
    {
        var x = odd; // Newton's iteration doubles the correct low bits each step: 3 → 6 → … → 64+
        for (var i = 0; i < 6; i++) x *= 2 - odd * x;
        Assert.Equal(1UL, odd * x);
        return x;
    }
}
