using Fleet.Monitoring;
using Xunit;

namespace Fleet.Tests.Monitoring;

/// <summary>
/// A running window's sketch: every part merged, the oldest ones then subtracted as they leave. Asked with the
/// remaining parts' bounds (<see cref="LatencySketch.QuantileWithin"/>), it must answer exactly what merging only the
/// remaining parts into an empty sketch and asking it would: the same bits, for every quantile, whatever widths,
/// zero-bin values and empty parts the parts hold. The reference is the sketch's own Merge and Quantile; tolerance: none.
/// </summary>
public sealed class LatencySketchSubtractTests
{
    private static readonly double[] Quantiles = [0, 1e-9, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

    private static LatencySketch Merged(IEnumerable<LatencySketch> parts)
    {
        var merged = new LatencySketch();
        foreach (var part in parts) merged.Merge(part);
        return merged;
    }

    private static void AssertSameAsMerge(LatencySketch running, LatencySketch[] remaining, IEnumerable<double> quantiles, string label)
    {
        var reference = Merged(remaining);
        Assert.Equal(reference.Count, running.Count);
        foreach (var q in quantiles)
        {
            var expected = reference.Quantile(q);
            var actual = running.QuantileWithin(q, reference.Min, reference.Max);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                $"{label}, q = {q}: the remaining parts merged say {expected:R}, the running sketch {actual:R}");
        }
    }

    private static LatencySketch RandomPart(Random random)
    {
        var part = new LatencySketch();
        var kind = random.Next(6);
        if (kind == 0) return part; // an empty bucket
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
        return part;
    }

    [Fact]
    public void A_window_that_slid_over_random_parts_answers_bit_for_bit_what_its_remaining_parts_merged_answer()
    {
        var random = new Random(20261204);
        for (var trial = 0; trial < 300; trial++)
        {
            // A window of up to 60 buckets slides over a stream of parts: each step one joins and, once full, the oldest leaves.
            var span = random.Next(1, 61);
            var running = new LatencySketch();
            var window = new Queue<LatencySketch>();
            for (var step = 0; step < span + random.Next(1, 40); step++)
            {
                var part = RandomPart(random);
                running.Merge(part);
                window.Enqueue(part);
                if (window.Count > span) running.Subtract(window.Dequeue());
            }
            if (window.All(p => p.Count == 0)) continue;
            AssertSameAsMerge(running, [.. window], Quantiles.Append(random.NextDouble()), $"trial {trial}");
        }
    }

    [Fact]
    public void Hand_made_parts_give_the_value_at_rank_floor_q_times_n_minus_one_after_a_part_leaves()
    {
        // 1..100 ms over three parts, then the part of 1, 4, 7 … 100 (v % 3 == 1) leaves: 66 values remain, 2 to 99.
        var parts = new[] { new LatencySketch(), new LatencySketch(), new LatencySketch() };
        for (var v = 1; v <= 100; v++) parts[v % 3].Add(v);
        var running = Merged(parts);
        running.Subtract(parts[1]);

        // Remaining values ascending: 2, 3, 5, 6, 8, 9, … 98, 99; rank floor(0.95 × 65) = 61 holds 93 ms, within 1 %.
        var remaining = Enumerable.Range(1, 100).Where(v => v % 3 != 1).ToArray();
        Assert.Equal(93, remaining[61]);
        Assert.Equal(93.0, running.QuantileWithin(0.95, 2, 99), 0.93);
        Assert.Equal(2.0, running.QuantileWithin(0, 2, 99));    // clamped to the smallest value remaining
        Assert.Equal(99.0, running.QuantileWithin(1, 2, 99), 0.99); // the top bin's value, within 1 %
        AssertSameAsMerge(running, [parts[0], parts[2]], Quantiles, "1..100 ms less a third");
    }

    [Fact]
    public void Subtracting_everything_leaves_no_quantile()
    {
        var part = new LatencySketch();
        part.Add(12);
        part.Add(0.0001);
        var running = Merged([part]);
        running.Subtract(part);
        Assert.Equal(0, running.Count);
        Assert.True(double.IsNaN(running.QuantileWithin(0.95, 12, 12)));
    }

    [Fact]
    public void Values_the_sketch_does_not_hold_are_refused_and_change_nothing()
    {
        var held = new LatencySketch();
        for (var v = 1; v <= 50; v++) held.Add(v);
        var before = held.GetBins();

        var other = new LatencySketch();
        other.Add(10);
        other.Add(10);         // the bin of 10 holds one value
        Assert.Throws<InvalidOperationException>(() => held.Subtract(other));
        var outside = new LatencySketch();
        outside.Add(5_000);    // no bin of the sketch's window
        Assert.Throws<InvalidOperationException>(() => held.Subtract(outside));
        var zeros = new LatencySketch();
        zeros.Add(0.0001);     // the zero bin is empty
        Assert.Throws<InvalidOperationException>(() => held.Subtract(zeros));

        Assert.Equal(before, held.GetBins());
        Assert.Equal(50, held.Count);
    }

    [Fact]
    public void Parts_of_another_accuracy_or_a_quantile_outside_zero_to_one_are_refused()
    {
        var part = new LatencySketch();
        part.Add(10);
        var coarser = new LatencySketch(0.02);
        coarser.Add(10);

        Assert.Throws<ArgumentException>(() => part.Subtract(coarser));
        Assert.Throws<ArgumentOutOfRangeException>(() => part.QuantileWithin(1.5, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => part.QuantileWithin(double.NaN, 10, 10));
    }
}
