using Fleet.Monitoring.Drift;

namespace Fleet.Monitoring.Owner;

/// <summary>The outcome of one two-sample test: its statistic, two-sided p-value and (Welch) degrees of freedom.</summary>
public readonly record struct TestResult(double Statistic, double PValue, double? DegreesOfFreedom = null);

/// <summary>
/// The two tests a rollout comparison states: the pooled two-proportion z-test for rates (quality, errors, engagement)
/// and Welch's unequal-variance t-test for means (latency, value per request). Both two-sided; the statistic is
/// positive when the second sample's proportion or mean is the larger. Checked against SciPy (tests/Fleet.Tests/Owner).
/// </summary>
public static class SignificanceTests
{
    /// <summary>
    /// z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2)) with the pooled p = (x1 + x2) / (n1 + n2); p-value 2 (1 - Φ(|z|)).
    /// Null when a sample is empty or the pooled proportion is 0 or 1 (no variance: nothing to tell apart).
    /// </summary>
    public static TestResult? TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0) return null;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return null;
        var z = ((double)x2 / n2 - (double)x1 / n1) / se;
        return new TestResult(z, 2 * NormalUpperTail(Math.Abs(z)));
    }

    /// <summary>
    /// t = (m2 - m1) / sqrt(v1/n1 + v2/n2) with sample variances, Welch-Satterthwaite degrees of freedom, p-value from
    /// Student's t. Null with fewer than two observations in a sample or no variance in either.
    /// </summary>
    public static TestResult? Welch(double mean1, double variance1, long n1, double mean2, double variance2, long n2)
    {
        if (n1 < 2 || n2 < 2) return null;
        var a = variance1 / n1;
        var b = variance2 / n2;
        if (!(a + b > 0)) return null;
        var t = (mean2 - mean1) / Math.Sqrt(a + b);
        var df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
        return new TestResult(t, StudentTwoSided(Math.Abs(t), df), df);
    }

    /// <summary>1 - Φ(z) for z ≥ 0: erfc(z/√2)/2, and erfc(x) = Q(1/2, x²).</summary>
    public static double NormalUpperTail(double z) => 0.5 * IncompleteGamma.UpperRegularized(0.5, z * z / 2);

    /// <summary>P(|T| ≥ t) for Student's t with <paramref name="df"/> degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).</summary>
    public static double StudentTwoSided(double t, double df) => IncompleteBeta.Regularized(df / 2, 0.5, df / (df + t * t));
}
