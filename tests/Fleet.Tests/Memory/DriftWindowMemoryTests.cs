using Fleet.Events;
using Fleet.Monitoring.Drift;
using Fleet.Tests.Drift;
using Xunit;

namespace Fleet.Tests.Memory;

/// <summary>
/// A drift window (each of a model's six ten-minute slices) keeps its histograms in arrays aligned with its reference's
/// feature names, which it shares, instead of two dictionaries of its own and an empty one for new features.
/// </summary>
public sealed class DriftWindowMemoryTests
{
    private static DriftProfile Reference()
    {
        var random = new Random(3);
        return DriftProfile.Fit(Enumerable.Range(0, 2_000).Select(_ => ((FeatureRow?)new Dictionary<string, FeatureValue>
        {
            ["age"] = new(18 + 60 * random.NextDouble(), null),
            ["income"] = new(40 + 30 * random.NextDouble(), null),
            ["region"] = new(null, random.Next(3) switch { 0 => "eu", 1 => "us", _ => "apac" }),
            ["device"] = new(null, random.Next(3) switch { 0 => "ios", 1 => "android", _ => "web" }),
        }.ToRow(), (double?)random.NextDouble())));
    }

    [Fact]
    public void A_window_allocates_its_histograms_and_two_small_arrays_only()
    {
        var reference = Reference();
        var window = reference.CreateEmptyLike(); // warm: the tiered JIT and the categories' shared index

        // Worked by hand (x64): the profile 96 B (nine references and a long); two arrays of two histograms 2 × 40 B;
        // three binned histograms (two features and the score, 10 bins) of 40 + 256 B (the object, and one array of ten
        // counts, ten sums and nine counters); two categorical ones of 56 + 88 B (three categories, "other" and four
        // counters): 1,352 B. With a counts and a sums array of its own (120 + 104 + 104 B) a binned histogram made it
        // 1,448 B; the dictionaries before those arrays (two of two entries, ~216 B each, and an empty one of 80 B) ~1,880 B.
        var before = GC.GetAllocatedBytesForCurrentThread();
        window = reference.CreateEmptyLike();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1_300, 1_420);
        Assert.Same(reference.Numeric.Keys, window.Numeric.Keys);
        Assert.Same(reference.Categorical.Keys, window.Categorical.Keys);
        Assert.Empty(window.NewFeatures);
    }

    [Fact]
    public void A_slice_allocates_one_object_and_one_array()
    {
        var reference = Reference();
        _ = new DriftSlice(reference); // warm: the reference's slice offsets, computed once

        // Worked by hand (x64): the object 56 B (three references, a long and the plan's two); one array of 103 longs
        // (three binned histograms of 2 × 10 + 9, two categorical ones of 3 + 1 + 4) 24 + 824 B: 904 B, where a profile
        // window of the same reference allocates 1,352 B (above).
        var before = GC.GetAllocatedBytesForCurrentThread();
        var slice = new DriftSlice(reference);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 880, 940);
        Assert.Equal(0, slice.Rows);
    }

    [Fact]
    public void A_histograms_bin_sums_kept_as_bits_give_the_same_bin_means_as_doubles_after_merging_and_a_checkpoint()
    {
        var edges = new[] { 0.0, 1, 2, 3 };
        var (a, b) = (BinnedHistogram.WithEdges(edges), BinnedHistogram.WithEdges(edges));
        var random = new Random(5);
        var sums = new double[3];
        var counts = new long[3];
        foreach (var (h, n) in new[] { (a, 700), (b, 300) })
        {
            var part = new double[3];
            for (var i = 0; i < n; i++)
            {
                var x = 3.5 * random.NextDouble() - 0.25;
                h.Add(x);
                part[h.BinOf(x)] += x;
                counts[h.BinOf(x)]++;
            }
            for (var j = 0; j < 3; j++) sums[j] += part[j]; // what merging adds: a's sum, then b's
        }
        a.Add(b);
        var restored = OrleansRoundTrip.Copy(a);
        for (var j = 0; j < 3; j++)
        {
            var mean = Math.Clamp(sums[j] / counts[j], j == 0 ? double.MinValue : edges[j], j == 2 ? double.MaxValue : edges[j + 1]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(a.BinMean(j))); // bit for bit
            Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(restored.BinMean(j)));
        }
        Assert.Equal(counts, a.Counts.ToArray());
        Assert.Equal(counts, restored.Counts.ToArray());
    }

    [Fact]
    public void A_checkpoint_keeps_the_names_shared_and_the_windows_lookups_by_name()
    {
        var reference = Reference();
        var window = reference.CreateEmptyLike();
        window.Add(new Dictionary<string, FeatureValue> { ["age"] = new(30, null), ["region"] = new(null, "us"), ["late"] = new(1, null) }.ToRow(), 0.4);

        // Both in one graph, as a tracker's reference and slices are in one checkpoint.
        var restored = OrleansRoundTrip.Copy(new List<DriftProfile> { reference, window });

        Assert.Same(restored[0].Numeric.Keys, restored[1].Numeric.Keys);
        Assert.Equal(["age", "income"], restored[1].Numeric.Keys);
        Assert.Equal(["device", "region"], restored[1].Categorical.Keys);
        Assert.Equal(1, restored[1].Numeric["age"].Count);
        Assert.Equal(0, restored[1].Numeric["income"].Count);
        Assert.Equal(1, restored[1].Categorical["region"].Count);
        Assert.False(restored[1].Numeric.ContainsKey("region"));
        Assert.Equal(1, restored[1].NewFeatures["late"]);
        restored[0].RequireSameShape(restored[1]);
    }
}
