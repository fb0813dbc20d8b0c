using Fleet.Monitoring.Drift;
using Xunit.Abstractions;

namespace Fleet.Tests.Drift;

/// <summary>PSI, KS, Jensen-Shannon, Wasserstein and Hellinger against hand computations and exact raw-sample versions.</summary>
public sealed class DriftStatisticTests(ITestOutputHelper output)
{
    // Hand-computed values are closed forms evaluated in double precision; 1e-12 absorbs summation order.
    private const double Exact = 1e-12;

    // ---- Population Stability Index ------------------------------------------------------------------------

    [Fact]
    public void Psi_of_swapped_quarter_and_half_bins_is_half_ln_2()
    {
        // p = (1/4, 1/4, 1/2), q = (1/2, 1/4, 1/4): (1/4)ln 2 + 0 + (−1/4)ln(1/2) = (1/2) ln 2 = 0.34657...
        double psi = PopulationStabilityIndex.Compute([25, 25, 50], [50, 25, 25]);
        Assert.Equal(0.5 * Math.Log(2), psi, Exact);
        Assert.Equal(0.346573590, psi, 1e-9);
        Assert.Equal(PsiLevel.Major, PopulationStabilityIndex.Classify(psi));
    }

    [Fact]
    public void Psi_gives_an_empty_reference_bin_a_share_of_1e_minus_4()
    {
        // p = (0.5, 0.5, 0 -> 1e-4), q = (0.4, 0.4, 0.2):
        // 2 · (0.4 − 0.5) ln(0.4/0.5) + (0.2 − 1e-4) ln(0.2/1e-4) = 0.0446287103 + 1.5194204017 = 1.5640491119
        double psi = PopulationStabilityIndex.Compute([50, 50, 0], [40, 40, 20]);
        Assert.Equal(2 * -0.1 * Math.Log(0.8) + 0.1999 * Math.Log(2000), psi, Exact);
        Assert.Equal(1.5640491119, psi, 1e-9);
    }

    [Fact]
    public void Psi_bands_are_stable_below_0_1_moderate_to_0_25_and_major_above()
    {
        Assert.Equal(PsiLevel.Stable, PopulationStabilityIndex.Classify(0.0999));
        Assert.Equal(PsiLevel.Moderate, PopulationStabilityIndex.Classify(0.1));
        Assert.Equal(PsiLevel.Moderate, PopulationStabilityIndex.Classify(0.2499));
        Assert.Equal(PsiLevel.Major, PopulationStabilityIndex.Classify(0.25));
        Assert.Equal(PsiLevel.Stable, PopulationStabilityIndex.Classify(double.NaN));
    }

    [Fact]
    public void Psi_of_a_small_shift_matches_the_term_by_term_hand_sum()
    {
        // p = (0.2, 0.3, 0.5), q = (0.25, 0.3, 0.45)
        double expected = 0.05 * Math.Log(0.25 / 0.2) + 0 + -0.05 * Math.Log(0.45 / 0.5); // 0.011157 + 0.005268
        Assert.Equal(expected, PopulationStabilityIndex.Compute([20, 30, 50], [25, 30, 45]), Exact);
        Assert.Equal(0.0164252, expected, 1e-7);
    }

    // ---- Jensen-Shannon ------------------------------------------------------------------------------------

    [Fact]
    public void Jensen_Shannon_distance_of_half_half_against_all_in_one_bin_is_sqrt_of_1_5_minus_0_75_log2_3()
    {
        // m = (3/4, 1/4): ½[½ log2(2/3) + ½ log2 2] + ½[log2(4/3)] = 1.5 − 0.75 log2 3 = 0.311278; √ = 0.557923
        double d = JensenShannonDistance.Compute([1, 1], [2, 0]);
        Assert.Equal(Math.Sqrt(1.5 - 0.75 * Math.Log2(3)), d, Exact);
        Assert.Equal(0.557923, d, 1e-6);
    }

    [Fact]
    public void Jensen_Shannon_distance_is_one_for_disjoint_histograms_and_zero_for_equal_shares()
    {
        Assert.Equal(1, JensenShannonDistance.Compute([5, 0], [0, 7]), Exact);
        Assert.Equal(0, JensenShannonDistance.Compute([1, 2, 3], [10, 20, 30]), Exact);
    }

    // ---- Hellinger -----------------------------------------------------------------------------------------

    [Fact]
    public void Hellinger_distance_matches_hand_values()
    {
        // (½, ½) vs (1, 0): √(1 − √½) = 0.541196; (¼, ¾) vs (¾, ¼): √(1 − 2√(3/16)) = √(1 − √3/2) = 0.366025
        Assert.Equal(Math.Sqrt(1 - Math.Sqrt(0.5)), HellingerDistance.Compute([1, 1], [4, 0]), Exact);
        Assert.Equal(0.541196, HellingerDistance.Compute([1, 1], [4, 0]), 1e-6);
        Assert.Equal(Math.Sqrt(1 - Math.Sqrt(3) / 2), HellingerDistance.Compute([1, 3], [3, 1]), Exact);
        Assert.Equal(1, HellingerDistance.Compute([3, 0], [0, 3]), Exact);
        Assert.Equal(0, HellingerDistance.Compute([2, 6], [1, 3]), Exact);
    }

    // ---- Wasserstein ---------------------------------------------------------------------------------------

    [Fact]
    public void Wasserstein_matches_the_hand_sum_and_the_exact_distance_when_each_bin_holds_one_value()
    {
        // Edges 0,1,2,3, values at the midpoints 0.5, 1.5, 2.5 (so bin means are those points). Reference {0.5, 0.5, 1.5, 2.5}, current {0.5, 1.5, 2.5, 2.5}.
        // Cumulative shares P = (½, ¾), Q = (¼, ½): W = ¼·1 + ¼·1 = ½ (= sorted matching: (0+1+1+0)/4).
        var reference = BinnedHistogram.WithEdges([0, 1, 2, 3]);
        double[] refValues = [0.5, 0.5, 1.5, 2.5], curValues = [0.5, 1.5, 2.5, 2.5];
        foreach (var v in refValues) reference.Add(v);
        var current = reference.CreateEmptyLike();
        foreach (var v in curValues) current.Add(v);

        Assert.Equal(0.5, WassersteinDistance.Compute(reference, current), Exact);
        Assert.Equal(Reference.ExactWasserstein(refValues, curValues), WassersteinDistance.Compute(reference, current), Exact);
        // σ_ref (population) = √(2.75/4) = 0.829156; normalised = 0.5 / 0.829156 = 0.603023
        Assert.Equal(Math.Sqrt(2.75 / 4), reference.StandardDeviation, Exact);
        Assert.Equal(0.603023, WassersteinDistance.ComputeNormalised(reference, current), 1e-6);
        Assert.Equal(0.5, WassersteinDistance.Compute([2, 1, 1], [1, 1, 2], [0.5, 1.5, 2.5]), Exact);
    }

    [Fact]
    public void Binned_wasserstein_is_within_the_two_samples_quantisation_costs_of_the_exact_distance()
    {
        // Triangle inequality: |W(binned) − W(exact)| ≤ W(ref, binned ref) + W(cur, binned cur), and moving each value to
        // its bin's mean is a transport plan, so each of those is at most the mean |x − bin mean(x)| of that sample.
        // Bin means keep each sample's mean, so W(binned) ≥ |mean difference| too (W₁ ≥ |Δμ| for any pair).
        foreach (var (bins, shift) in new[] { (10, 0.3), (10, 0.05), (50, 0.3), (200, 0.05), (10, 10.0) })
        {
            var refValues = Reference.Gaussians(seed: 100 + bins, n: 20_000);
            var curValues = Reference.Gaussians(seed: 200 + bins, n: 20_000, mean: shift);
            var reference = BinnedHistogram.Fit(refValues, bins);
            var current = reference.CreateEmptyLike();
            foreach (var v in curValues) current.Add(v);

            double binned = WassersteinDistance.Compute(reference, current);
            double exact = Reference.ExactWasserstein(refValues, curValues);
            double bound = QuantisationCost(reference, refValues) + QuantisationCost(current, curValues);
            output.WriteLine($"bins={bins} shift={shift}: binned {binned:F5}, exact {exact:F5}, |diff| {Math.Abs(binned - exact):F5} <= bound {bound:F5}");
            Assert.InRange(Math.Abs(binned - exact), 0, bound + 1e-12);
            Assert.True(binned >= Math.Abs(refValues.Average() - curValues.Average()) - 1e-9);
            double normalised = WassersteinDistance.ComputeNormalised(reference, current);
            Assert.Equal(binned / Reference.StandardDeviation(refValues), normalised, 1e-9);
            Assert.InRange(Math.Abs(binned - exact), 0, 0.01); // measured worst 0.0028 (deciles, 0.05σ shift): σ = 1 here
        }
    }

    private static double QuantisationCost(BinnedHistogram bins, double[] values) =>
        values.Average(v => Math.Abs(v - bins.BinMean(bins.BinOf(v))));

    // ---- Kolmogorov-Smirnov --------------------------------------------------------------------------------

    [Fact]
    public void Ks_of_a_small_histogram_matches_the_hand_value()
    {
        // P = (½, ¾), Q = (¼, ½): D = ¼; n_e = 4·4/8 = 2; p = Q_KS(√2 · ¼).
        var ks = KolmogorovSmirnov.Compute([2, 1, 1], [1, 1, 2]);
        Assert.Equal(0.25, ks.Statistic, Exact);
        Assert.Equal(2, ks.EffectiveSize, Exact);
        Assert.Equal(KolmogorovDistribution.Survival(Math.Sqrt(2) * 0.25), ks.PValue, Exact);
    }

    [Fact]
    public void Ks_on_bins_finer_than_the_data_equals_the_exact_two_sample_ks_on_raw_values()
    {
        // Values on a 0.1 grid, one bin per grid point (edges at the midpoints): no bin holds two distinct values, so
        // the CDFs at the edges are the exact ECDFs at every value, ties included.
        double[] inner = Enumerable.Range(0, 80).Select(i => -3.95 + 0.1 * i).ToArray();
        double[] edges = [-4.0, .. inner, 4.0];
        for (int seed = 0; seed < 20; seed++)
        {
            var a = Grid(Reference.Gaussians(seed: 300 + seed, n: 500));
            var b = Grid(Reference.Gaussians(seed: 400 + seed, n: 300 + 10 * seed, mean: 0.02 * seed));
            var reference = BinnedHistogram.WithEdges(edges);
            foreach (var v in a) reference.Add(v);
            var current = reference.CreateEmptyLike();
            foreach (var v in b) current.Add(v);

            var ks = KolmogorovSmirnov.Compute(reference, current);
            Assert.Equal(Reference.ExactKolmogorovSmirnov(a, b), ks.Statistic, Exact);
            double ne = 500.0 * b.Length / (500 + b.Length);
            Assert.Equal(ne, ks.EffectiveSize, 1e-9);
            Assert.Equal(KolmogorovDistribution.Survival(Math.Sqrt(ne) * ks.Statistic), ks.PValue, Exact);
        }

        static double[] Grid(double[] values) => values.Select(v => Math.Clamp(Math.Round(v * 10) / 10, -4, 4)).ToArray();
    }

    [Fact]
    public void Ks_on_decile_bins_never_exceeds_the_exact_d_and_misses_it_by_at_most_the_largest_bin_share()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var a = Reference.Gaussians(seed: 500 + seed, n: 2000);
            var b = Reference.Gaussians(seed: 600 + seed, n: 1000, mean: 0.05 * seed, sd: 1 + 0.02 * seed);
            var reference = BinnedHistogram.Fit(a);
            var current = reference.CreateEmptyLike();
            foreach (var v in b) current.Add(v);

            double binned = KolmogorovSmirnov.Compute(reference, current).Statistic;
            double exact = Reference.ExactKolmogorovSmirnov(a, b);
            double largestShare = 0;
            for (int i = 0; i < reference.BinCount; i++)
            {
                largestShare = Math.Max(largestShare, Math.Max((double)reference.Counts[i] / reference.Count, (double)current.Counts[i] / current.Count));
            }
            Assert.InRange(binned, 0, exact + Exact);
            Assert.InRange(exact - binned, 0, largestShare);
        }
    }

    [Fact]
    public void Ks_p_values_are_calibrated_under_no_drift_and_powerful_under_a_shift()
    {
        // 400 seeded pairs of n = m = 400 from one distribution, fine (0.05) grid bins. Expected rejection rate at
        // alpha = 0.05 is at most 5% (the asymptotic test is slightly conservative at this size and with ties);
        // 400 trials give a binomial sd of 1.1 points, so [1%, 8%] is a > 2.5 sd band.
        double[] inner = Enumerable.Range(0, 160).Select(i => -3.975 + 0.05 * i).ToArray();
        double[] edges = [-4.0, .. inner, 4.0];
        int rejectedNull = 0, rejectedShift = 0;
        const int trials = 400;
        for (int t = 0; t < trials; t++)
        {
            var reference = BinnedHistogram.WithEdges(edges);
            foreach (var v in Reference.Gaussians(seed: 10_000 + t, n: 400)) reference.Add(v);
            var same = reference.CreateEmptyLike();
            foreach (var v in Reference.Gaussians(seed: 20_000 + t, n: 400)) same.Add(v);
            var shifted = reference.CreateEmptyLike();
            foreach (var v in Reference.Gaussians(seed: 30_000 + t, n: 400, mean: 0.3)) shifted.Add(v);
            if (KolmogorovSmirnov.Compute(reference, same).PValue < 0.05) rejectedNull++;
            if (KolmogorovSmirnov.Compute(reference, shifted).PValue < 0.05) rejectedShift++;
        }
        output.WriteLine($"false rejections {rejectedNull}/{trials}, power at 0.3σ {rejectedShift}/{trials}");
        Assert.InRange((double)rejectedNull / trials, 0.01, 0.08);
        Assert.InRange((double)rejectedShift / trials, 0.80, 1.0);
    }

    // ---- identical and empty ----------------------------------------------------------------------------

    [Theory]
    [InlineData(0.8, 0.8, 0.0)]   // same constant, summed over 5,000 and 1,234 values: rounding (~1e-13), not drift
    [InlineData(0.8, 0.9, 100.0)] // W₁ 0.1 over Evidently's floor of 0.001 (SciPy: 99.99999999999997)
    public void A_constant_reference_gives_zero_for_the_same_constant_and_a_finite_distance_for_another(double referenceValue, double currentValue, double expected)
    {
        var reference = BinnedHistogram.Fit(Enumerable.Repeat(referenceValue, 5000).ToArray());
        var current = reference.CreateEmptyLike();
        for (var i = 0; i < 1234; i++) current.Add(currentValue);

        Assert.Equal(expected, WassersteinDistance.ComputeNormalised(reference, current), 1e-9);
    }

    [Fact]
    public void Identical_histograms_give_zero_for_every_distance_and_p_value_one()
    {
        var reference = BinnedHistogram.Fit(Reference.Gaussians(seed: 1, n: 5000));
        var current = reference.CreateEmptyLike();
        current.Add(reference);

        Assert.Equal(0, PopulationStabilityIndex.Compute(reference, current), Exact);
        Assert.Equal(0, JensenShannonDistance.Compute(reference, current), Exact);
        Assert.Equal(0, HellingerDistance.Compute(reference, current), Exact);
        Assert.Equal(0, WassersteinDistance.ComputeNormalised(reference, current), Exact);
        var ks = KolmogorovSmirnov.Compute(reference, current);
        Assert.Equal(0, ks.Statistic, Exact);
        Assert.Equal(1, ks.PValue, Exact);
        var chi = ChiSquareTest.Compute(reference.Counts, current.Counts);
        Assert.Equal(0, chi.Statistic, Exact);
        Assert.Equal(1, chi.PValue, Exact);
    }

    [Fact]
    public void Two_large_samples_of_one_distribution_stay_well_under_every_threshold()
    {
        var reference = BinnedHistogram.Fit(Reference.Gaussians(seed: 2, n: 20_000));
        var current = reference.CreateEmptyLike();
        foreach (var v in Reference.Gaussians(seed: 3, n: 20_000)) current.Add(v);

        double psi = PopulationStabilityIndex.Compute(reference, current);
        var ks = KolmogorovSmirnov.Compute(reference, current);
        output.WriteLine($"psi {psi:G4}, ks D {ks.Statistic:G4} p {ks.PValue:G4}");
        // Sampling noise: PSI ≈ (B−1)(1/n+1/m) = 9e-4; D of order 1/√n_e = 0.01.
        Assert.InRange(psi, 0, 0.01);
        Assert.InRange(JensenShannonDistance.Compute(reference, current), 0, 0.03);
        Assert.InRange(HellingerDistance.Compute(reference, current), 0, 0.03);
        Assert.InRange(WassersteinDistance.ComputeNormalised(reference, current), 0, 0.03);
        Assert.InRange(ks.Statistic, 0, 0.02);
        Assert.True(ks.PValue > 0.05); // fixed seeds: this pair is not among the 5% that would fail
    }

    [Fact]
    public void Statistics_are_NaN_when_a_side_is_empty_and_reject_misaligned_vectors()
    {
        Assert.True(double.IsNaN(PopulationStabilityIndex.Compute([1, 2], [0, 0])));
        Assert.True(double.IsNaN(JensenShannonDistance.Compute([0, 0], [1, 2])));
        Assert.True(double.IsNaN(HellingerDistance.Compute([0, 0], [1, 2])));
        Assert.True(double.IsNaN(KolmogorovSmirnov.Compute([0, 0], [1, 2]).PValue));
        Assert.True(double.IsNaN(ChiSquareTest.Compute([0, 0], [1, 2]).PValue));
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute([1, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => JensenShannonDistance.Compute([1, -2], [1, 2]));
        var a = BinnedHistogram.Fit([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var b = BinnedHistogram.Fit([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 11]);
        Assert.Throws<ArgumentException>(() => PopulationStabilityIndex.Compute(a, b));
    }
}
