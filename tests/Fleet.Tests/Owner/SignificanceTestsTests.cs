using Fleet.Monitoring.Owner;
using Xunit;

namespace Fleet.Tests.Owner;

/// <summary>
/// The rollout comparison's tests against SciPy 1.10.1 (Debian's python3-scipy), computed by significance_reference.py
/// beside this file (its z-test rows agree with these to 1e-15, well within the tolerance):
/// the two-proportion z-test as scipy.stats.chi2_contingency(table, correction=False) (its χ² is z², same p-value),
/// Welch as scipy.stats.ttest_ind_from_stats(..., equal_var=False) (sign flipped: Fleet's statistic is second minus
/// first), Student's t tail as 2 * scipy.stats.t.sf and the incomplete beta as scipy.stats.beta.cdf.
/// Tolerance: 1e-9 relative on statistics and p-values.
/// </summary>
public sealed class SignificanceTestsTests
{
    [Theory]
    [InlineData(1600, 2000, 1530, 2000, -2.6828490668902196, 0.007299792706724301)]
    [InlineData(4800, 6000, 4970, 6000, 3.9896962360579264, 6.615796606546017e-05)]
    [InlineData(160, 200, 130, 200, -3.3593550657351265, 0.0007812461893217187)]
    [InlineData(50, 1000, 80, 1000, 2.721095431170472, 0.00650659748363783)]
    public void Two_proportion_z_test_matches_scipy(long x1, long n1, long x2, long n2, double z, double p)
    {
        var result = SignificanceTests.TwoProportionZ(x1, n1, x2, n2)!.Value;
        AssertClose(z, result.Statistic);
        AssertClose(p, result.PValue);
    }

    [Theory]
    [InlineData(100.0, 20.0, 500, 97.5, 30.0, 400, -1.4314958357846705, 0.15275734303211425, 665.865692568615)]
    [InlineData(0.05, 0.3, 300, 0.08, 0.6, 250, 0.7191949522280762, 0.4724995181385261, 350.8749894927962)]
    [InlineData(10, 2, 5, 14, 5, 4, 1.506487154309419, 0.2106211760768657, 3.7708162104065246)]
    public void Welch_test_matches_scipy(double m1, double sd1, long n1, double m2, double sd2, long n2, double t, double p, double df)
    {
        var result = SignificanceTests.Welch(m1, sd1 * sd1, n1, m2, sd2 * sd2, n2)!.Value;
        AssertClose(t, result.Statistic);
        AssertClose(p, result.PValue);
        AssertClose(df, result.DegreesOfFreedom!.Value);
    }

    [Theory]
    [InlineData(2.5, 3.7, 0.07182202291182675)]
    [InlineData(0.3, 1.2, 0.8077728113170466)]
    [InlineData(6.0, 40.0, 4.726455132788183e-07)]
    public void Student_t_two_sided_tail_matches_scipy(double t, double df, double p) =>
        AssertClose(p, SignificanceTests.StudentTwoSided(t, df));

    [Theory]
    [InlineData(0.3, 2.5, 4.0, 0.3521975859067672)]
    [InlineData(0.9, 0.5, 0.5, 0.7951672353008665)]
    public void Incomplete_beta_matches_scipy(double x, double a, double b, double expected) =>
        AssertClose(expected, IncompleteBeta.Regularized(a, b, x));

    [Fact]
    public void A_test_without_variance_or_samples_says_nothing()
    {
        Assert.Null(SignificanceTests.TwoProportionZ(0, 100, 0, 100));
        Assert.Null(SignificanceTests.TwoProportionZ(5, 0, 5, 10));
        Assert.Null(SignificanceTests.Welch(1, 0, 10, 1, 0, 10));
        Assert.Null(SignificanceTests.Welch(1, 1, 1, 2, 1, 10));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
