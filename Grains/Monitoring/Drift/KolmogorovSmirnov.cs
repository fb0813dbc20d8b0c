namespace Fleet.Monitoring.Drift;

/// <summary>The two-sample Kolmogorov-Smirnov statistic and its asymptotic p-value.</summary>
/// <param name="Statistic">D, the largest gap between the two cumulative distributions, in [0, 1].</param>
/// <param name="PValue">P(a gap at least this large | same distribution), from the Kolmogorov distribution.</param>
/// <param name="EffectiveSize">n·m/(n+m), the sample size the asymptotic distribution is evaluated at.</param>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.KolmogorovSmirnovResult")]
public readonly record struct KolmogorovSmirnovResult(
    [property: Id(0)] double Statistic,
    [property: Id(1)] double PValue,
    [property: Id(2)] double EffectiveSize);

/// <summary>
/// Two-sample Kolmogorov-Smirnov test on binned cumulative distributions.
/// </summary>
/// <remarks>
/// <para>
/// <c>D = max_j |P_j − Q_j|</c> over the bin edges, where <c>P_j</c>, <c>Q_j</c> are the reference and current
/// shares of values below edge j. p-value: <c>Q_KS(√n_e · D)</c> with <c>n_e = n·m/(n+m)</c> and
/// <see cref="KolmogorovDistribution"/>'s survival function (the asymptotic test, no small-sample correction).
/// A small p (default threshold 0.05 in <see cref="DriftThresholds"/>) says the two samples are unlikely to come
/// from one distribution; D itself says by how much the CDFs differ.
/// </para>
/// <para>
/// Binned approximation: the CDFs are compared only at the edges, so D is never larger than the exact D on the
/// raw values and is smaller by at most the largest single-bin share on either side (a tenth, with deciles).
/// With a bin per distinct value it is exact. The p-value inherits this: binning makes the test conservative.
/// With large samples any tiny difference is "significant", hence the advice to trust the p-value on
/// small references and a distance on large ones.
/// </para>
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>D and its p-value for two count vectors over the same ordered bins; NaN when either side is empty.</summary>
    public static KolmogorovSmirnovResult Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var (n, m) = HistogramMath.Totals(reference, current);
        if (n == 0 || m == 0) return new(double.NaN, double.NaN, 0);

        double d = 0;
        long cumRef = 0, cumCur = 0;
        for (int i = 0; i < reference.Length - 1; i++) // the last edge is +∞, where both CDFs are 1
        {
            cumRef += reference[i];
            cumCur += current[i];
            d = Math.Max(d, Math.Abs((double)cumRef / n - (double)cumCur / m));
        }
        double effective = (double)n * m / (n + m);
        return new(d, KolmogorovDistribution.Survival(Math.Sqrt(effective) * d), effective);
    }

    /// <inheritdoc cref="Compute(ReadOnlySpan{long}, ReadOnlySpan{long})"/>
    public static KolmogorovSmirnovResult Compute(BinnedHistogram reference, BinnedHistogram current)
    {
        reference.RequireSameBins(current);
        return Compute(reference.Counts, current.Counts);
    }
}

/// <summary>
/// The Kolmogorov distribution: the limit law of <c>√n · D_n</c> under the null hypothesis.
/// </summary>
/// <remarks>
/// <c>Q_KS(λ) = P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}</c>, which converges fast for large λ; for small λ
/// the equivalent (Jacobi theta) form <c>P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}</c> converges fast
/// instead. The switch at λ = 1.18 keeps both to a handful of terms with errors below 1e-15.
/// Reference points: Q(1.2239) = 0.10, Q(1.3581) = 0.05, Q(1.6276) = 0.01.
/// </remarks>
public static class KolmogorovDistribution
{
    private const double SwitchPoint = 1.18;

    /// <summary>P(K > λ); 1 for λ ≤ 0, NaN for NaN.</summary>
    public static double Survival(double lambda)
    {
        if (double.IsNaN(lambda)) return double.NaN;
        if (lambda <= 0) return 1;
        if (lambda < SwitchPoint) return 1 - CdfSmall(lambda);

        double sum = 0, sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += sign * term;
            if (term < 1e-17 * sum) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>P(K ≤ λ).</summary>
    public static double Cdf(double lambda)
    {
        if (double.IsNaN(lambda)) return double.NaN;
        if (lambda <= 0) return 0;
        return lambda < SwitchPoint ? CdfSmall(lambda) : 1 - Survival(lambda);
    }

    private static double CdfSmall(double lambda)
    {
        if (lambda < 0.05) return 0; // the first term is e^{-493}/λ: zero in double precision
        double c = -Math.PI * Math.PI / (8 * lambda * lambda);
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double odd = 2 * k - 1;
            double term = Math.Exp(c * odd * odd);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return Math.Clamp(Math.Sqrt(2 * Math.PI) / lambda * sum, 0, 1);
    }
}
