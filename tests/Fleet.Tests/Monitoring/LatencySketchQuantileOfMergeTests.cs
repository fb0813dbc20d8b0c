using Fleet.Monitoring;
using Xunit;

namespace Fleet.Tests.Monitoring;

/// <summary>
/// <see cref="LatencySketch.QuantileOfMerge"/> must answer exactly what merging the parts into an empty sketch and
/// asking it would: the same bits, for every quantile, whatever widths, zero-bin values and empty
/// parts the parts hold. The reference is the sketch's own Merge and Quantile; tolerance: none.
/// </summary>
public sealed class LatencySketchQuantileOfMergeTests
{
    private static readonly double[] Quantiles = [0, 1e-9, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

    private static double ByMerge(IEnumerable<LatencySketch> parts, double q)
    {
        var merged = new LatencySketch();
        foreach (var part in parts) merged.Merge(part);
        return merged.Quantile(q);
    }

    private static void AssertSameAsMerge(LatencySketch[] parts, IEnumerable<double> quantiles, string label)
    {
        foreach (var q in quantiles)
        {
            var expected = ByMerge(parts, q);
            var actual = LatencySketch.QuantileOfMerge(parts, q);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                $"{label}, q = {q}: merged sketch says {expected:R}, QuantileOfMerge {actual:R}");
        }
    }

    [Fact]
    public void Random_windows_of_parts_answer_bit_for_bit_what_their_merge_answers()
    {
        var random = new Random(20261123);
        for (var trial = 0; trial < 400; trial++)
        {
            var parts = new LatencySketch[random.Next(1, 61)];
            for (var p = 0; p < parts.Length; p++)
            {
                var part = parts[p] = new LatencySketch();
                var kind = random.Next(6);
                if (kind == 0) continue; // an empty bucket
                var median = Math.Exp(random.NextDouble() * 8 - 2); // 0.14 ms .. 400 ms
                var values = random.Next(1, 300);
                for (var i = 0; i < values; i++)
                {
                    var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    part.Add(median * Math.Exp(0.8 * z));
                }
                if (kind == 1) part.Add(random.NextDouble() * 1e-3, random.Next(1, 5)); // zero bin: below 1 µs
                if (kind == 2) part.Add(median, random.Next(300, 70_000));             // widens to 2 or 4 bytes
                if (kind == 3) part.Add(30_000);                                        // a timeout far above
            }
            AssertSameAsMerge(parts, Quantiles.Append(random.NextDouble()), $"trial {trial}");
        }
    }

    [Fact]
    public void Hand_made_parts_give_the_value_at_rank_floor_q_times_n_minus_one()
    {
        // 1..100 ms over three parts (and an empty one): rank floor(0.95 * 99) = 94 holds 95 ms, within 1 %.
        var parts = new[] { new LatencySketch(), new LatencySketch(), new LatencySketch(), new LatencySketch() };
        for (var v = 1; v <= 100; v++) parts[v % 3].Add(v);

        Assert.Equal(95.0, LatencySketch.QuantileOfMerge(parts, 0.95), 0.95);
        Assert.Equal(1.0, LatencySketch.QuantileOfMerge(parts, 0));   // clamped to the smallest value seen
        Assert.Equal(100.0, LatencySketch.QuantileOfMerge(parts, 1)); // and to the largest
        AssertSameAsMerge(parts, Quantiles, "1..100 ms");
    }

    [Fact]
    public void No_parts_or_only_empty_ones_have_no_quantile()
    {
        Assert.True(double.IsNaN(LatencySketch.QuantileOfMerge([], 0.95)));
        Assert.True(double.IsNaN(LatencySketch.QuantileOfMerge([new LatencySketch(), new LatencySketch()], 0.95)));
    }

    [Fact]
    public void Parts_of_another_accuracy_or_a_quantile_outside_zero_to_one_are_refused()
    {
        var part = new LatencySketch();
        part.Add(10);
        var coarser = new LatencySketch(0.02);
        coarser.Add(10);

        Assert.Throws<ArgumentException>(() => LatencySketch.QuantileOfMerge([part, coarser], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySketch.QuantileOfMerge([part], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencySketch.QuantileOfMerge([part], double.NaN));
    }
}
