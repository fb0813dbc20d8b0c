using Fleet.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Tests.Monitoring;

public sealed class LatencySketchTests(ITestOutputHelper output)
{
    private const double A = LatencySketch.DefaultRelativeAccuracy;

    // The guarantee is |estimate - exact| <= a * exact; 1e-9 absorbs floating-point rounding in log/exp.
    private const double FloatSlack = 1e-9;

    private static readonly double[] Qs =
        [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1];

    // ---- accuracy against exact quantiles ----------------------------------------------------------------

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_for_lognormal_latencies() =>
        AssertAccurate(Sample(100_000, seed: 1, r => LogNormal(r, median: 40, sigma: 0.5)));

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_for_uniform_latencies() =>
        AssertAccurate(Sample(100_000, seed: 2, r => 5 + 995 * r.NextDouble()));

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_for_a_pareto_heavy_tail() =>
        // Pareto(x_m = 10 ms, alpha = 1.1): infinite-variance tail reaching far into seconds.
        AssertAccurate(Sample(100_000, seed: 3, r => 10 / Math.Pow(1 - r.NextDouble(), 1 / 1.1)));

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_for_a_bimodal_cache_hit_and_miss_mix() =>
        AssertAccurate(Sample(100_000, seed: 4, r => r.NextDouble() < 0.8
            ? LogNormal(r, median: 2, sigma: 0.2)
            : LogNormal(r, median: 250, sigma: 0.3)));

    [Fact]
    public void Quantiles_are_within_one_percent_of_exact_for_values_spanning_1e_minus_2_to_1e6_ms() =>
        AssertAccurate(Sample(100_000, seed: 5, r => Math.Pow(10, -2 + 8 * r.NextDouble())));

    [Fact]
    public void A_constant_distribution_reports_every_quantile_within_one_percent_and_exact_min_max()
    {
        var values = Enumerable.Repeat(123.456, 1000).ToArray();
        var sketch = AssertAccurate(values);
        Assert.Equal(123.456, sketch.Min);
        Assert.Equal(123.456, sketch.Max);
        Assert.Equal(1, sketch.NonEmptyBins);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.001)]
    [InlineData(0.0001)]
    public void Quantiles_respect_a_non_default_relative_accuracy(double accuracy) =>
        AssertAccurate(Sample(50_000, seed: 6, r => LogNormal(r, median: 40, sigma: 1)), accuracy);

    [Theory]
    [InlineData(new[] { 42.0 })]
    [InlineData(new[] { 3.0, 900.0 })]
    [InlineData(new[] { 900.0, 3.0, 0.5 })]
    [InlineData(new[] { 0.0, 7.0, 7.0 })]
    public void Tiny_samples_of_one_two_or_three_values_are_answered_within_one_percent(double[] values)
    {
        var sketch = AssertAccurate(values);
        Assert.Equal(values.Min(), sketch.Min);
        Assert.Equal(values.Max(), sketch.Max);
    }

    [Fact]
    public void Quantile_zero_and_one_are_within_one_percent_of_the_exact_min_and_max()
    {
        var values = Sample(10_000, seed: 7, r => LogNormal(r, median: 40, sigma: 0.5));
        var sketch = Build(values);
        AssertWithin(values.Min(), sketch.Quantile(0), A);
        AssertWithin(values.Max(), sketch.Quantile(1), A);
        Assert.Equal(values.Min(), sketch.Min);
        Assert.Equal(values.Max(), sketch.Max);
    }

    [Fact]
    public void Quantile_uses_rank_floor_q_times_n_minus_1()
    {
        // Sorted: 10, 20, 30, 40. q = 0.66 -> rank floor(0.66 * 3) = 1 -> 20; q = 0.67 -> rank 2 -> 30.
        var sketch = Build([40, 10, 30, 20]);
        AssertWithin(20, sketch.Quantile(0.66), A);
        AssertWithin(30, sketch.Quantile(0.67), A);
    }

    [Fact]
    public void Zero_and_sub_microsecond_values_go_to_the_zero_bin_and_are_reported_as_zero()
    {
        var sketch = new LatencySketch();
        sketch.Add(0, 50);
        sketch.Add(LatencySketch.MinIndexableValue / 2, 10);
        sketch.Add(100, 40);

        Assert.Equal(100, sketch.Count);
        Assert.Equal(0, sketch.Min);
        Assert.Equal(0, sketch.Quantile(0));
        Assert.Equal(0, sketch.Quantile(0.5));     // rank 49: a zero
        Assert.Equal(0, sketch.Quantile(59.0 / 99)); // rank 59: the last sub-µs value
        AssertWithin(100, sketch.Quantile(60.0 / 99), A);
        Assert.Equal(2, sketch.NonEmptyBins);
    }

    [Fact]
    public void The_smallest_indexable_value_is_still_answered_within_one_percent()
    {
        var sketch = Build([LatencySketch.MinIndexableValue]);
        AssertWithin(LatencySketch.MinIndexableValue, sketch.Quantile(0.5), A);
    }

    [Fact]
    public void An_empty_sketch_reports_NaN()
    {
        var sketch = new LatencySketch();
        Assert.Equal(0, sketch.Count);
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        Assert.True(double.IsNaN(sketch.Min));
        Assert.True(double.IsNaN(sketch.Max));
        Assert.Equal(0, sketch.NonEmptyBins);
    }

    [Fact]
    public void Adding_with_a_count_is_the_same_as_adding_that_many_times()
    {
        var once = new LatencySketch();
        var repeated = new LatencySketch();
        foreach (var (value, count) in new[] { (12.5, 7L), (0.0, 3L), (800.0, 1L), (12.5, 2L) })
        {
            once.Add(value, count);
            for (int i = 0; i < count; i++) repeated.Add(value);
        }
        AssertSameBins(repeated, once);
        once.Add(5, 0); // a zero count is a no-op
        Assert.Equal(repeated.Count, once.Count);
        Assert.Equal(repeated.Min, once.Min);
    }

    // ---- merge -------------------------------------------------------------------------------------

    [Fact]
    public void Merging_two_sketches_equals_a_sketch_of_the_concatenated_data_bin_for_bin()
    {
        var left = Sample(30_000, seed: 10, r => LogNormal(r, median: 40, sigma: 0.5));
        var right = Sample(20_000, seed: 11, r => LogNormal(r, median: 400, sigma: 1.2)); // wider, shifted
        var merged = Build(left);
        merged.Merge(Build(right));
        var whole = Build([.. left, .. right]);

        AssertSameBins(whole, merged);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        for (double q = 0; q <= 1; q += 0.001) Assert.Equal(whole.Quantile(q), merged.Quantile(q));
    }

    [Fact]
    public void Merging_into_an_empty_sketch_copies_it_and_merging_an_empty_sketch_changes_nothing()
    {
        var data = Build(Sample(1000, seed: 12, r => LogNormal(r, median: 40, sigma: 0.5)));
        var target = new LatencySketch();
        target.Merge(data);
        target.Merge(new LatencySketch());
        AssertSameBins(data, target);
        Assert.Equal(data.Min, target.Min);
        Assert.Equal(data.Max, target.Max);
    }

    [Fact]
    public void Merging_a_sketch_into_itself_doubles_every_count()
    {
        var values = Sample(1000, seed: 13, r => LogNormal(r, median: 40, sigma: 0.5));
        var sketch = Build(values);
        sketch.Merge(sketch);
        AssertSameBins(Build([.. values, .. values]), sketch);
    }

    [Fact]
    public void Clear_empties_the_sketch_and_it_can_be_reused()
    {
        var sketch = Build(Sample(1000, seed: 18, r => LogNormal(r, median: 40, sigma: 0.5)));
        sketch.Clear();
        Assert.Equal(0, sketch.Count);
        Assert.Equal(0, sketch.NonEmptyBins);
        Assert.True(double.IsNaN(sketch.Min));

        var values = Sample(1000, seed: 19, r => LogNormal(r, median: 900, sigma: 0.5));
        foreach (var v in values) sketch.Add(v);
        AssertSameBins(Build(values), sketch);
        AssertQuantilesAccurate(values, sketch, A);
    }

    [Fact]
    public void A_bin_past_int_MaxValue_switches_to_long_counts_without_losing_events()
    {
        var sketch = new LatencySketch();
        sketch.Add(40, int.MaxValue);
        sketch.Add(40, 10);
        sketch.Add(5);
        var other = new LatencySketch();
        other.Add(40, int.MaxValue);
        sketch.Merge(other);

        long expected = 2L * int.MaxValue + 11;
        Assert.Equal(expected, sketch.Count);
        Assert.Equal(expected - 1, sketch.GetBins().Single(b => b.Count > 1).Count);
        AssertWithin(40, sketch.Quantile(0.5), A);
        AssertWithin(5, sketch.Quantile(0), A);
    }

    [Theory]
    [InlineData(255)]     // the last count a byte holds
    [InlineData(256)]     // one past it: ushort
    [InlineData(65_535)]  // the last count a ushort holds
    [InlineData(65_536)]  // one past it: int
    public void Counts_widen_bin_by_bin_without_changing_any_bin_or_quantile(int hot)
    {
        // One bin reaches `hot` one value at a time while others stay small; a reference built with counts must agree.
        var sketch = new LatencySketch();
        var reference = new LatencySketch();
        var rng = new Random(hot);
        var others = Sample(2_000, seed: hot, r => LogNormal(r, median: 40, sigma: 0.5));
        var byValue = new Dictionary<double, long>();
        for (var i = 0; i < hot; i++) sketch.Add(40);
        foreach (var v in others) sketch.Add(v);
        byValue[40] = hot;
        foreach (var v in others) byValue[v] = byValue.GetValueOrDefault(v) + 1;
        foreach (var (v, n) in byValue.OrderBy(_ => rng.Next())) reference.Add(v, n);

        Assert.Equal(reference.GetBins(), sketch.GetBins());
        Assert.Equal(hot + others.Length, sketch.Count);
        foreach (var q in new[] { 0, 0.01, 0.5, 0.9, 0.99, 1 }) Assert.Equal(reference.Quantile(q), sketch.Quantile(q));
    }

    [Fact]
    public void A_narrow_aggregate_merges_a_wide_bucket_exactly()
    {
        // A narrow aggregate (byte counts) merging a wide bucket (int counts after 70,000 values in one bin).
        var narrow = Build(Sample(500, seed: 31, r => LogNormal(r, median: 40, sigma: 0.5)));
        var wide = new LatencySketch();
        wide.Add(40, 70_000);
        wide.Merge(narrow);

        var aggregate = narrow.Clone();
        aggregate.Merge(wide);
        Assert.Equal(2 * narrow.Count + 70_000, aggregate.Count);
        var expected = narrow.Clone(); // the same values added one sketch at a time
        expected.Merge(narrow);
        expected.Add(40, 70_000);
        Assert.Equal(expected.GetBins(), aggregate.GetBins());

        Assert.True(wide.EstimatedBytes > narrow.EstimatedBytes); // int counts cost more than byte counts
    }

    // ---- invalid input --------------------------------------------------------------------------------

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1e-9)]
    [InlineData(-5.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Adding_a_negative_or_non_finite_value_throws_naming_the_value(double value)
    {
        var sketch = new LatencySketch();
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(value)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(value, 3)).ParamName);
        Assert.Equal(0, sketch.Count);
    }

    [Fact]
    public void Adding_a_negative_count_throws_naming_the_count() =>
        Assert.Equal("count",
            Assert.Throws<ArgumentOutOfRangeException>(() => new LatencySketch().Add(1, -1)).ParamName);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Asking_for_a_quantile_outside_zero_to_one_throws_naming_q(double q)
    {
        var sketch = Build([1, 2, 3]);
        Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Quantile(q)).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-5)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Constructing_with_an_unsupported_relative_accuracy_throws_naming_it(double accuracy) =>
        Assert.Equal("relativeAccuracy",
            Assert.Throws<ArgumentOutOfRangeException>(() => new LatencySketch(accuracy)).ParamName);

    [Fact]
    public void Merging_sketches_of_different_accuracy_or_null_throws_naming_other()
    {
        var sketch = Build([1, 2, 3]);
        var coarse = new LatencySketch(0.02);
        coarse.Add(2);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => sketch.Merge(coarse)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => sketch.Merge(null!)).ParamName);
        Assert.Equal(3, sketch.Count);
    }

    // ---- serialisation and size -----------------------------------------------------------------------

    [Fact]
    public void An_Orleans_serialization_round_trip_preserves_bins_bounds_and_quantiles()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var values = Sample(10_000, seed: 20, r => r.NextDouble() < 0.01 ? 0 : LogNormal(r, median: 40, sigma: 0.5));
        var sketch = Build(values, accuracy: 0.02);

        byte[] bytes = serializer.SerializeToArray(sketch);
        var copy = serializer.Deserialize<LatencySketch>(bytes);
        Assert.NotNull(copy);
        output.WriteLine($"Serialized {sketch.Count} values in {sketch.NonEmptyBins} bins as {bytes.Length} bytes.");

        Assert.Equal(0.02, copy.RelativeAccuracy);
        AssertSameBins(sketch, copy);
        Assert.Equal(sketch.Min, copy.Min);
        Assert.Equal(sketch.Max, copy.Max);
        foreach (double q in Qs) Assert.Equal(sketch.Quantile(q), copy.Quantile(q));

        // The copy is fully functional: its derived index parameters survived, so new adds land in the same bins.
        var more = Sample(1000, seed: 21, r => LogNormal(r, median: 40, sigma: 0.5));
        foreach (var v in more) { sketch.Add(v); copy.Add(v); }
        AssertSameBins(sketch, copy);

        // Orleans deep copies (used for in-silo calls) are independent of the original.
        var deep = services.GetRequiredService<DeepCopier<LatencySketch>>().Copy(sketch);
        deep.Add(1e6);
        Assert.Equal(sketch.Count + 1, deep.Count);
    }

    [Fact]
    public void An_empty_sketch_survives_an_Orleans_round_trip_and_still_reports_NaN()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<LatencySketch>(serializer.SerializeToArray(new LatencySketch()));
        Assert.NotNull(copy);
        Assert.Equal(0, copy.Count);
        Assert.True(double.IsNaN(copy.Quantile(0.99)));
        copy.Add(7);
        AssertWithin(7, copy.Quantile(0.5), A);
        Assert.Equal(7, copy.Min);
    }

    [Theory]
    [InlineData(0)]              // no count array yet
    [InlineData(1)]              // byte counts
    [InlineData(300)]            // ushort counts
    [InlineData(70_000)]         // int counts
    [InlineData(3_000_000_000)]  // long counts
    public void EstimatedBytes_is_exactly_what_a_copy_of_the_sketch_allocates(long sameValue)
    {
        var sketch = new LatencySketch();
        sketch.Add(40, sameValue);
        sketch.Add(1234.5); // grows the window past its first 32 bins
        sketch.Clone(); // warm up: the measured call must not include JIT or type-loading allocations

        long before = GC.GetAllocatedBytesForCurrentThread();
        var copy = sketch.Clone();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(allocated, sketch.EstimatedBytes);
        Assert.Equal(sketch.EstimatedBytes, copy.EstimatedBytes);
    }

    [Fact]
    public void A_typical_latency_distribution_needs_under_a_kilobyte()
    {
        // Median 40 ms, sigma 0.5: the distribution Fleet sees most. 100k samples reach ~4.4 sigma each way.
        var sketch = Build(Sample(100_000, seed: 22, r => LogNormal(r, median: 40, sigma: 0.5)));
        output.WriteLine($"EstimatedBytes = {sketch.EstimatedBytes}, NonEmptyBins = {sketch.NonEmptyBins}, a = {A}");
        Assert.InRange(sketch.EstimatedBytes, 1, 700); // ~210 bins of ushort counts (no bin reaches 65,536)

        // A per-minute bucket with a few hundred events keeps byte counts: a few hundred bytes.
        var bucket = Build(Sample(300, seed: 23, r => LogNormal(r, median: 40, sigma: 0.5)));
        output.WriteLine($"300-event bucket: EstimatedBytes = {bucket.EstimatedBytes}, NonEmptyBins = {bucket.NonEmptyBins}");
        Assert.InRange(bucket.EstimatedBytes, 1, 400);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static double LogNormal(Random r, double median, double sigma)
    {
        // Box–Muller standard normal.
        double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
        double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return median * Math.Exp(sigma * z);
    }

    private static double[] Sample(int n, int seed, Func<Random, double> draw)
    {
        var r = new Random(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = draw(r);
        return values;
    }

    private static LatencySketch Build(double[] values, double accuracy = A)
    {
        var sketch = new LatencySketch(accuracy);
        foreach (var v in values) sketch.Add(v);
        return sketch;
    }

    private static LatencySketch AssertAccurate(double[] values, double accuracy = A)
    {
        var sketch = Build(values, accuracy);
        Assert.Equal(values.Length, sketch.Count);
        AssertQuantilesAccurate(values, sketch, accuracy);
        return sketch;
    }

    /// <summary>Checks every q in <see cref="Qs"/> plus a fine grid against the exact rank-floor(q(n-1)) value.</summary>
    private static void AssertQuantilesAccurate(double[] values, LatencySketch sketch, double accuracy)
    {
        if (values.Length == 0) return;
        var sorted = values.Order().ToArray();
        foreach (double q in Qs.Concat(Enumerable.Range(0, 201).Select(i => i / 200.0)))
        {
            double exact = sorted[(long)Math.Floor(q * (sorted.Length - 1))];
            double estimate = sketch.Quantile(q);
            if (exact < LatencySketch.MinIndexableValue) Assert.Equal(0, estimate);
            else AssertWithin(exact, estimate, accuracy, q);
        }
    }

    private static void AssertWithin(double exact, double estimate, double accuracy, double q = double.NaN)
    {
        double relativeError = Math.Abs(estimate - exact) / exact;
        Assert.True(relativeError <= accuracy + FloatSlack,
            $"q={q}: estimate {estimate} vs exact {exact}: relative error {relativeError:E3} > {accuracy}");
    }

    private static void AssertSameBins(LatencySketch expected, LatencySketch actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ZeroCount, actual.ZeroCount);
        Assert.Equal(expected.GetBins(), actual.GetBins());
        Assert.Equal(expected.NonEmptyBins, actual.NonEmptyBins);
    }
}
