using Fleet.Monitoring.Drift;
using Xunit.Abstractions;

namespace Fleet.Tests.Drift;

/// <summary>
/// The Kolmogorov distribution, the regularized incomplete gamma function and chi-square p-values, against
/// tabulated values and closed forms. MathNet.Numerics is served by the NuGet mirror but is not used: these
/// references are independent of it and of the production code, and adding it would touch shared project files.
/// </summary>
public sealed class DistributionTests(ITestOutputHelper output)
{
    // ---- Kolmogorov ----------------------------------------------------------------------------------------

    [Theory]
    // Critical values of the Kolmogorov distribution (asymptotic KS table), given to 4-5 decimals: 1e-4 absolute
    // covers the rounding of λ (the density is < 1.1 there, so a 5e-5 shift moves P by < 6e-5).
    [InlineData(1.22385, 0.10)]
    [InlineData(1.35810, 0.05)]
    [InlineData(1.36, 0.0494)]
    [InlineData(1.48020, 0.025)]
    [InlineData(1.62762, 0.01)]
    [InlineData(1.73131, 0.005)]
    [InlineData(1.94947, 0.001)]
    public void Kolmogorov_survival_matches_tabulated_critical_values(double lambda, double p) =>
        Assert.Equal(p, KolmogorovDistribution.Survival(lambda), 1e-4);

    [Fact]
    public void Kolmogorov_survival_agrees_with_each_series_summed_alone_everywhere()
    {
        // Production switches series at λ = 1.18; each series alone is valid for every λ > 0 given enough terms.
        for (double lambda = 0.25; lambda <= 3.0; lambda += 0.01)
        {
            double q = KolmogorovDistribution.Survival(lambda);
            Assert.Equal(Reference.KolmogorovSurvivalAlternating(lambda), q, 1e-13);
            Assert.Equal(1 - Reference.KolmogorovCdfTheta(lambda), q, 1e-13);
            Assert.Equal(1, q + KolmogorovDistribution.Cdf(lambda), 1e-15);
        }
    }

    [Fact]
    public void Kolmogorov_survival_is_one_at_zero_and_vanishes_in_the_tail()
    {
        Assert.Equal(1, KolmogorovDistribution.Survival(0));
        Assert.Equal(1, KolmogorovDistribution.Survival(0.01));
        Assert.Equal(1, KolmogorovDistribution.Survival(0.2), 1e-12); // P(K ≤ 0.2) ≈ 5e-13
        // Far tail: 2e^{−2·36} = 3.7e-32, relative precision kept.
        Assert.Equal(2 * Math.Exp(-72), KolmogorovDistribution.Survival(6), 1e-40);
        Assert.True(double.IsNaN(KolmogorovDistribution.Survival(double.NaN)));
    }

    // ---- ln Γ and the incomplete gamma -------------------------------------------------------------------

    [Fact]
    public void Log_gamma_matches_factorials_and_gamma_of_one_half()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), IncompleteGamma.LogGamma(0.5), 1e-14);
        Assert.Equal(0, IncompleteGamma.LogGamma(1), 1e-14);
        Assert.Equal(0, IncompleteGamma.LogGamma(2), 1e-14);
        double logFactorial = 0;
        for (int n = 2; n <= 170; n++)
        {
            logFactorial += Math.Log(n - 1); // ln((n−1)!) = ln Γ(n)
            Assert.Equal(logFactorial, IncompleteGamma.LogGamma(n), Math.Max(1e-13, 1e-14 * logFactorial));
        }
        // Γ(0.1) = 9.513507698668732 (A&S table), via reflection.
        Assert.Equal(Math.Log(9.513507698668732), IncompleteGamma.LogGamma(0.1), 1e-13);
    }

    [Fact]
    public void Incomplete_gamma_closed_forms_hold_for_a_one_and_a_one_half()
    {
        // Q(1, x) = e^{−x}; P(½, x) = erf(√x).
        foreach (double x in new[] { 1e-6, 0.01, 0.5, 1, 1.99, 2, 2.01, 5, 20, 100, 700 })
        {
            Assert.Equal(Math.Exp(-x), IncompleteGamma.UpperRegularized(1, x), Math.Exp(-x) * 1e-13);
            Assert.Equal(1 - Math.Exp(-x), IncompleteGamma.LowerRegularized(1, x), 1e-14);
        }
        foreach (double x in new[] { 0.01, 0.3, 1.2, 1.6, 4, 12 })
        {
            double erfc = Reference.Erfc(Math.Sqrt(x));
            Assert.Equal(erfc, IncompleteGamma.UpperRegularized(0.5, x), erfc * 1e-9);
        }
    }

    [Fact]
    public void Incomplete_gamma_lower_and_upper_add_to_one_across_both_branches()
    {
        foreach (double a in new[] { 0.5, 1, 2.5, 10, 50, 500 })
        foreach (double ratio in new[] { 0.1, 0.5, 0.9, 1.0, 1.1, 2, 5 })
        {
            double x = a * ratio;
            Assert.Equal(1, IncompleteGamma.LowerRegularized(a, x) + IncompleteGamma.UpperRegularized(a, x), 1e-13);
        }
        Assert.Equal(1, IncompleteGamma.UpperRegularized(3, 0));
        Assert.Equal(0, IncompleteGamma.UpperRegularized(3, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteGamma.UpperRegularized(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IncompleteGamma.UpperRegularized(1, -1));
    }

    // ---- chi-square p-values -----------------------------------------------------------------------------

    [Theory]
    // A standard chi-square table (upper-tail critical values, 3 decimals) at α = 0.10, 0.05, 0.01, 0.001.
    // Rounding x by 5e-4 moves p by < 0.05% of α for every row here, so 0.1% relative is the tolerance.
    [InlineData(1, 2.706, 3.841, 6.635, 10.828)]
    [InlineData(2, 4.605, 5.991, 9.210, 13.816)]
    [InlineData(3, 6.251, 7.815, 11.345, 16.266)]
    [InlineData(4, 7.779, 9.488, 13.277, 18.467)]
    [InlineData(5, 9.236, 11.070, 15.086, 20.515)]
    [InlineData(10, 15.987, 18.307, 23.209, 29.588)]
    [InlineData(20, 28.412, 31.410, 37.566, 45.315)]
    [InlineData(30, 40.256, 43.773, 50.892, 59.703)]
    [InlineData(50, 63.167, 67.505, 76.154, 86.661)]
    [InlineData(100, 118.498, 124.342, 135.807, 149.449)]
    public void Chi_square_p_values_match_the_table(int df, double x10, double x05, double x01, double x001)
    {
        foreach (var (x, alpha) in new[] { (x10, 0.10), (x05, 0.05), (x01, 0.01), (x001, 0.001) })
        {
            double p = ChiSquareTest.PValue(x, df);
            Assert.True(Math.Abs(p - alpha) <= 1e-3 * alpha, $"df={df}, x={x}: p={p}, table {alpha}");
        }
    }

    [Fact]
    public void Chi_square_3_841_with_one_degree_of_freedom_is_0_05_and_11_07_with_five_is_0_05()
    {
        Assert.Equal(0.05, ChiSquareTest.PValue(3.841, 1), 1e-4);
        Assert.Equal(0.05, ChiSquareTest.PValue(3.8414588206941236, 1), 1e-12); // the exact 95% quantile
        Assert.Equal(0.05, ChiSquareTest.PValue(11.07, 5), 1e-4);
        Assert.Equal(0.05, ChiSquareTest.PValue(11.070497693516351, 5), 1e-12);
    }

    [Fact]
    public void Chi_square_p_values_match_the_closed_forms_for_even_and_odd_degrees_of_freedom()
    {
        // Even df: a finite Poisson sum (exact up to rounding: 1e-12 relative). Odd df: erfc plus a finite sum,
        // erfc by Simpson's rule (1e-9 relative). Includes deep tails (p ~ 1e-60) and p near 1.
        int checks = 0;
        double worst = 0;
        foreach (int df in new[] { 1, 2, 3, 4, 5, 7, 10, 15, 30, 63, 64, 100, 199, 200 })
        foreach (double scale in new[] { 0.05, 0.3, 0.7, 1, 1.3, 2, 3, 5 })
        {
            double x = df * scale + (scale > 2 ? 10 * scale : 0);
            double expected = Reference.ChiSquareSurvival(x, df);
            double actual = ChiSquareTest.PValue(x, df);
            double relative = Math.Abs(actual - expected) / expected;
            worst = Math.Max(worst, relative);
            Assert.True(relative <= (df % 2 == 0 ? 1e-11 : 1e-9), $"df={df}, x={x}: {actual} vs {expected} (rel {relative:G3})");
            checks++;
        }
        Assert.Equal(ChiSquareTest.PValue(100, 1), Reference.ChiSquareSurvival(100, 1), 1e-9 * 1.5e-23);
        output.WriteLine($"{checks} checks, worst relative error {worst:G3}");
    }

    [Fact]
    public void Chi_square_homogeneity_test_matches_a_hand_computed_table()
    {
        // Reference (10, 20, 30), current (20, 20, 20): pooled shares (30, 40, 50)/120, so both rows expect (15, 20, 25).
        // χ² = 2·(25/15 + 0 + 25/25) = 16/3; df = 2; p = e^{−χ²/2} = e^{−8/3} = 0.069483.
        var result = ChiSquareTest.Compute([10, 20, 30], [20, 20, 20]);
        Assert.Equal(16.0 / 3, result.Statistic, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-8.0 / 3), result.PValue, 1e-12);
        Assert.Equal(0.069483, result.PValue, 1e-6);
    }

    [Fact]
    public void Chi_square_drops_bins_empty_on_both_sides_from_the_degrees_of_freedom()
    {
        // Reference (30, 10, 0, 0), current (10, 10, 20, 0): 3 bins non-empty on some side, df = 2.
        // 40 values each, pooled shares (40, 20, 20)/80: both rows expect (20, 10, 10).
        // χ² = (100/20 + 0 + 100/10) + (100/20 + 0 + 100/10) = 30.
        var result = ChiSquareTest.Compute([30, 10, 0, 0], [10, 10, 20, 0]);
        Assert.Equal(30, result.Statistic, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-15), result.PValue, 1e-18);
        var single = ChiSquareTest.Compute([5, 0], [7, 0]);
        Assert.Equal((0.0, 0, 1.0), (single.Statistic, single.DegreesOfFreedom, single.PValue));
    }
}
