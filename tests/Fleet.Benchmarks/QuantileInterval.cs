namespace Fleet.Benchmarks;

/// <summary>
/// A distribution-free confidence interval for a quantile from a sample: the order statistics X(l) ≤ ξq ≤ X(u)
/// with ranks chosen from the binomial distribution of how many samples fall below ξq (B ~ Bin(n, q)):
/// P(X(l) ≤ ξq ≤ X(u)) = P(l ≤ B ≤ u − 1) ≥ the confidence, split evenly between the two tails. When no rank
/// is high enough (too few samples for the quantile) the upper end is unbounded: the sample cannot say.
/// </summary>
internal static class QuantileInterval
{
    /// <summary>1-based ranks (l, u) into the sorted sample; u is null when the interval has no upper end within the sample.</summary>
    public static (int Lower, int? Upper) Ranks(int n, double q, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (q is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile strictly between 0 and 1");
        var tail = (1 - confidence) / 2;
        // cdf[k] = P(B ≤ k), summed from the probabilities in log space (n up to millions without underflow).
        var cdf = new double[n + 1];
        double sum = 0;
        for (var k = 0; k <= n; k++)
        {
            sum += Math.Exp(LogChoose(n, k) + k * Math.Log(q) + (n - k) * Math.Log(1 - q));
            cdf[k] = sum;
        }
        // Largest l with P(B ≤ l − 1) ≤ tail (at least 1); smallest u with P(B ≤ u − 1) ≥ 1 − tail.
        var lower = 1;
        for (var l = 1; l <= n; l++)
            if (cdf[l - 1] <= tail) lower = l;
            else break;
        for (var u = 1; u <= n; u++)
            if (cdf[u - 1] >= 1 - tail) return (lower, u);
        return (lower, null);
    }

    /// <summary>The interval's values from a sorted sample: (lower, upper or +∞).</summary>
    public static (double Lower, double Upper) Of(IReadOnlyList<double> sorted, double q, double confidence = 0.95)
    {
        var (l, u) = Ranks(sorted.Count, q, confidence);
        return (sorted[l - 1], u is { } r ? sorted[r - 1] : double.PositiveInfinity);
    }

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(int n)
    {
        // Exact sum for small n; Stirling's series beyond, accurate to ~1e-12 relative there.
        if (n < 256)
        {
            double s = 0;
            for (var i = 2; i <= n; i++) s += Math.Log(i);
            return s;
        }
        double x = n;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }
}
