using Fleet.Monitoring.Drift;

namespace Fleet.Tests.Drift;

public sealed class HistogramTests
{
    // ---- numeric -------------------------------------------------------------------------------------------

    [Fact]
    public void Fitting_deciles_on_1_to_1000_puts_edges_at_101_201_and_100_values_in_each_bin()
    {
        double[] values = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();
        var histogram = BinnedHistogram.Fit(values);

        Assert.Equal(10, histogram.BinCount);
        Assert.Equal([1.0, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1000], histogram.Edges.ToArray());
        Assert.All(histogram.Counts.ToArray(), c => Assert.Equal(100, c));
        Assert.Equal(1000, histogram.Count);
        Assert.Equal(500.5, histogram.Mean, 1e-12);
        Assert.Equal(Math.Sqrt((1000.0 * 1000 - 1) / 12), histogram.StandardDeviation, 1e-9); // uniform 1..N: (N²−1)/12
        Assert.Equal(50.5, histogram.BinMean(0), 1e-12);  // 1..100
        Assert.Equal(950.5, histogram.BinMean(9), 1e-12); // 901..1000
        var empty = histogram.CreateEmptyLike();
        Assert.Equal((1 + 101) / 2.0, empty.BinMean(0)); // an empty bin reports its midpoint
    }

    [Fact]
    public void Bins_are_left_closed_and_the_first_and_last_are_open_ended()
    {
        var histogram = BinnedHistogram.WithEdges([0, 10, 20, 30]);
        Assert.Equal(0, histogram.BinOf(-1e9));
        Assert.Equal(0, histogram.BinOf(9.999));
        Assert.Equal(1, histogram.BinOf(10));
        Assert.Equal(2, histogram.BinOf(20));
        Assert.Equal(2, histogram.BinOf(1e9));

        histogram.Add(-5);  // below range, bin 0
        histogram.Add(35);  // above range, last bin
        histogram.Add(30);  // the range is closed: not out of range
        histogram.Add(double.NaN);
        histogram.Add(double.PositiveInfinity);
        histogram.AddMissing();
        histogram.AddWrongType();
        Assert.Equal([1L, 0, 2], histogram.Counts.ToArray());
        Assert.Equal((1L, 1L, 3L, 1L), (histogram.BelowRange, histogram.AboveRange, histogram.Missing, histogram.WrongType));
        Assert.Equal(3, histogram.Count);
        Assert.Equal(7, histogram.Total);
    }

    [Fact]
    public void A_reference_with_few_distinct_values_gets_one_bin_per_value()
    {
        // 0 × 500, 1 × 300, 2 × 200: decile ranks land on 0, 1 or 2 only.
        double[] values = [.. Enumerable.Repeat(0.0, 500), .. Enumerable.Repeat(1.0, 300), .. Enumerable.Repeat(2.0, 200)];
        var histogram = BinnedHistogram.Fit(values);
        Assert.Equal([0.0, 1, 2, 2], histogram.Edges.ToArray());
        Assert.Equal([500L, 300, 200], histogram.Counts.ToArray());

        Assert.True(histogram.IsDiscrete); // three values: one bin each, judged as categories

        // A constant gets a bin below and one above it, so any other value is a change of bins.
        var constant = BinnedHistogram.Fit([7.0, 7, 7]);
        Assert.Equal([7.0, 7, Math.BitIncrement(7.0), Math.BitIncrement(7.0)], constant.Edges.ToArray());
        Assert.Equal([0L, 3, 0], constant.Counts.ToArray());
        var empty = BinnedHistogram.Fit([double.NaN]);
        Assert.Equal(1, empty.BinCount);
        Assert.Equal(1, empty.Missing);
        Assert.True(double.IsNaN(empty.RangeMin));
    }

    [Fact]
    public void Buckets_merge_into_the_histogram_of_all_their_values()
    {
        var values = Reference.Gaussians(seed: 7, n: 3000, mean: 5, sd: 2);
        var reference = BinnedHistogram.Fit(values[..1000]);
        var all = reference.CreateEmptyLike();
        var buckets = Enumerable.Range(0, 4).Select(_ => reference.CreateEmptyLike()).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            all.Add(values[i]);
            buckets[i % 4].Add(values[i]);
        }
        buckets[2].AddMissing();
        all.AddMissing();

        var window = reference.CreateEmptyLike();
        foreach (var bucket in buckets) window.Add(bucket);
        Assert.Equal(all.Counts.ToArray(), window.Counts.ToArray());
        Assert.Equal((all.Count, all.Missing, all.BelowRange, all.AboveRange), (window.Count, window.Missing, window.BelowRange, window.AboveRange));
        Assert.Equal(values.Average(), window.Mean, 1e-12);
        Assert.Equal(Reference.StandardDeviation(values), window.StandardDeviation, 1e-12);
        Assert.Equal(values.Min(), window.Min);
        for (int b = 0; b < all.BinCount; b++) Assert.Equal(all.BinMean(b), window.BinMean(b), 1e-9);
        Assert.Equal(values.Max(), window.Max);

        Assert.Throws<ArgumentException>(() => window.Add(BinnedHistogram.Fit(values)));
    }

    // ---- categorical ---------------------------------------------------------------------------------------

    [Fact]
    public void A_categorical_reference_keeps_the_most_frequent_categories_and_puts_the_rest_in_other()
    {
        string?[] values = [.. Enumerable.Repeat("eu", 50), .. Enumerable.Repeat("us", 30), .. Enumerable.Repeat("apac", 15),
            "latam", "latam", "mea", null, null, "zz"];
        var histogram = CategoricalHistogram.Fit(values, maxCategories: 3);

        Assert.Equal(["eu", "us", "apac"], histogram.Categories);
        Assert.Equal([50L, 30, 15, 4], histogram.Counts.ToArray());
        Assert.Equal(4, histogram.Other);
        Assert.Equal(0, histogram.Untracked); // the reference's own overflow is not "unseen"
        Assert.Equal(2, histogram.Missing);
        Assert.Equal(99, histogram.Count);
        Assert.Equal(4, histogram.CountOf("mea"));
    }

    [Fact]
    public void Unseen_categories_are_exact_against_a_complete_reference()
    {
        var complete = CategoricalHistogram.Fit(["a", "a", "b", "c"]);
        var current = complete.CreateEmptyLike();
        foreach (var v in new[] { "a", "b", "new", "new", "c", "x" }) current.Add(v);
        current.Add((string?)null);
        current.AddWrongType();
        Assert.Equal(3, current.Untracked);
        Assert.Equal(0.5, current.UnseenRate(complete), 1e-12);
        Assert.Equal(8, current.Total);
    }

    [Fact]
    public void A_rare_category_the_reference_saw_but_did_not_track_is_not_unseen()
    {
        // Reference: 90 % "a" (tracked), 10 % in ten rare categories (remembered by hash, not tracked).
        var reference = CategoricalHistogram.Fit([.. Enumerable.Repeat("a", 90), .. Enumerable.Range(0, 10).Select(i => $"rare{i}")], maxCategories: 1);
        Assert.Equal(10, reference.RareCategoryCount);
        Assert.Equal(0, reference.Untracked);
        var window = reference.CreateEmptyLike();
        for (int i = 0; i < 75; i++) window.Add("a");
        for (int i = 0; i < 20; i++) window.Add("rare3");
        for (int i = 0; i < 5; i++) window.Add($"z{i}");
        Assert.Equal(25, window.Other);
        Assert.Equal(5, window.Untracked);
        Assert.Equal(0.05, window.UnseenRate(reference), 1e-12); // only z0..z4; "rare3" was in the reference

        // After a checkpoint the window still knows the reference's rare categories.
        var copy = OrleansRoundTrip.Copy(window);
        copy.Add("rare7");
        copy.Add("z9");
        Assert.Equal(6, copy.Untracked);
    }

    [Fact]
    public void Beyond_the_categories_it_can_remember_a_reference_allows_for_its_own_forgotten_share()
    {
        // 100 tracked-category values, then MaxRareCategories + 100 rare categories once each: the 100 least frequent
        // (by name, at equal counts) are forgotten and are the reference's own untracked share.
        int rare = CategoricalHistogram.MaxRareCategories + 100;
        var reference = CategoricalHistogram.Fit([.. Enumerable.Repeat("a", 100), .. Enumerable.Range(0, rare).Select(i => $"r{i:D4}")], maxCategories: 1);
        Assert.Equal(CategoricalHistogram.MaxRareCategories, reference.RareCategoryCount);
        Assert.Equal(100, reference.Untracked);
        double forgotten = 100.0 / (100 + rare);

        var window = reference.CreateEmptyLike();
        for (int i = 0; i < 50; i++) window.Add("a");
        for (int i = 0; i < 50; i++) window.Add($"new{i}");
        Assert.Equal(0.5 - forgotten, window.UnseenRate(reference), 1e-12);

        var unchanged = reference.CreateEmptyLike();
        for (int i = 0; i < 100; i++) unchanged.Add("a");
        unchanged.Add("r0355"); // a forgotten one: counted as untracked, within the reference's own share
        Assert.Equal(0, unchanged.UnseenRate(reference));
    }

    [Fact]
    public void Categorical_buckets_merge()
    {
        var reference = CategoricalHistogram.Fit(["a", "b", "c"]);
        var x = reference.CreateEmptyLike();
        var y = reference.CreateEmptyLike();
        x.Add("a"); x.Add("q"); y.Add("b"); y.Add("b"); y.Add((string?)null);
        var window = reference.CreateEmptyLike();
        window.Add(x);
        window.Add(y);
        Assert.Equal([1L, 2, 0, 1], window.Counts.ToArray());
        Assert.Equal((4L, 1L, 1L), (window.Count, window.Missing, window.Untracked));
        Assert.Throws<ArgumentException>(() => window.Add(CategoricalHistogram.Fit(["a", "b"])));
    }

    // ---- serialization -------------------------------------------------------------------------------------

    [Fact]
    public void Histograms_survive_an_Orleans_round_trip_and_stay_comparable_with_their_reference()
    {

        var reference = BinnedHistogram.Fit(Reference.Gaussians(seed: 9, n: 1000));
        var current = reference.CreateEmptyLike();
        foreach (var v in Reference.Gaussians(seed: 10, n: 500, mean: 0.5)) current.Add(v);
        current.AddMissing();
        var copy = OrleansRoundTrip.Copy(current);
        Assert.True(copy.HasSameBins(reference));
        Assert.Equal(current.Counts.ToArray(), copy.Counts.ToArray());
        Assert.Equal((current.Mean, current.StandardDeviation, current.Missing, current.AboveRange), (copy.Mean, copy.StandardDeviation, copy.Missing, copy.AboveRange));
        Assert.Equal(PopulationStabilityIndex.Compute(reference, current), PopulationStabilityIndex.Compute(reference, copy));
        copy.Add(current); // merges with an instance that was never serialised

        var categories = CategoricalHistogram.Fit(["x", "y", "y", null]);
        var window = categories.CreateEmptyLike();
        window.Add("y");
        window.Add("new");
        var categoriesCopy = OrleansRoundTrip.Copy(window);
        Assert.Equal(window.Counts.ToArray(), categoriesCopy.Counts.ToArray());
        Assert.Equal(1, categoriesCopy.Untracked);
        categoriesCopy.Add("x"); // the category index is rebuilt after deserialisation
        Assert.Equal(1, categoriesCopy.CountOf("x"));
        Assert.True(categoriesCopy.HasSameCategories(categories));
    }
}
