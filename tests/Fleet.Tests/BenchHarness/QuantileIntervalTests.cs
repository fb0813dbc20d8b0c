using Fleet.Benchmarks;

namespace Fleet.Tests.BenchHarness;

/// <summary>
/// The order-statistic confidence interval the latency figure reports. Expected ranks were worked with exact
/// rational arithmetic in Python (fractions, math.comb): l is the largest rank with P(B ≤ l − 1) ≤ 2.5 %, u the
/// smallest with P(B ≤ u − 1) ≥ 97.5 %, B ~ Bin(n, q). Ranks are integers, so they must match exactly.
/// </summary>
public sealed class QuantileIntervalTests
{
    [Theory]
    [InlineData(100, 0.5, 40, 61)]    // the textbook 95 % interval for a median of 100
    [InlineData(20, 0.5, 6, 15)]
    [InlineData(500, 0.5, 228, 273)]
    [InlineData(500, 0.99, 490, 500)]
    [InlineData(2000, 0.99, 1971, 1989)]
    [InlineData(5000, 0.999, 4990, 5000)]
    public void Ranks_match_the_exact_binomial_ranks(int n, double q, int lower, int upper)
    {
        Assert.Equal((lower, (int?)upper), QuantileInterval.Ranks(n, q));
    }

    [Theory]
    [InlineData(500, 0.999, 498)] // P99.9 of 500 probes: no rank is high enough, the sample cannot bound it above
    [InlineData(40, 0.99, 38)]
    public void Too_few_samples_leave_the_upper_end_unbounded(int n, double q, int lower)
    {
        Assert.Equal((lower, (int?)null), QuantileInterval.Ranks(n, q));
        var sample = Enumerable.Range(1, n).Select(i => (double)i).ToList();
        Assert.Equal((lower, double.PositiveInfinity), QuantileInterval.Of(sample, q));
    }

    [Fact]
    public void Of_reads_the_ranks_from_the_sorted_sample()
    {
        var sample = Enumerable.Range(1, 100).Select(i => i * 10.0).ToList();
        Assert.Equal((400.0, 610.0), QuantileInterval.Of(sample, 0.5));
    }
}
