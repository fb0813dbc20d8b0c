namespace Fleet.Monitoring.Drift;

/// <summary>A chi-square test's statistic, degrees of freedom and p-value.</summary>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.ChiSquareResult")]
public readonly record struct ChiSquareResult(
    [property: Id(0)] double Statistic,
    [property: Id(1)] int DegreesOfFreedom,
    [property: Id(2)] double PValue);

/// <summary>
/// Pearson's chi-square test of homogeneity: do the reference and the current window share one categorical
/// distribution?
/// </summary>
/// <remarks>
/// <para>
/// The 2×k contingency table of counts (reference row, current row) over the k bins that are non-empty on at
/// least one side: <c>χ² = Σ_{s,i} (O_si − E_si)² / E_si</c> with <c>E_si = N_s · (r_i + c_i) / (R + C)</c>,
/// <c>df = k − 1</c>, and <c>p = Q(df/2, χ²/2)</c> (<see cref="IncompleteGamma.UpperRegularized"/>), the chi-square
/// survival function. No continuity correction. Both samples are treated as samples (unlike a goodness-of-fit
/// test against the reference shares), so a small reference is not mistaken for the truth.
/// </para>
/// <para>
/// A small p (default threshold 0.05 in <see cref="DriftThresholds"/>) says the category mix changed. As with
/// Kolmogorov-Smirnov, large samples make tiny changes significant. The approximation wants expected counts of
/// about 5 or more per cell; the "other" bucket keeps rare categories from breaking that.
/// </para>
/// </remarks>
public static class ChiSquareTest
{
    /// <summary>The test for two count vectors over the same bins; NaN statistic and p when either side is empty.</summary>
    public static ChiSquareResult Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var (r, c) = HistogramMath.Totals(reference, current);
        if (r == 0 || c == 0) return new(double.NaN, 0, double.NaN);
        double total = r + c;
        double statistic = 0;
        int bins = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            long pooled = reference[i] + current[i];
            if (pooled == 0) continue;
            bins++;
            double expectedRef = r * (pooled / total), expectedCur = c * (pooled / total);
            double dr = reference[i] - expectedRef, dc = current[i] - expectedCur;
            statistic += dr * dr / expectedRef + dc * dc / expectedCur;
        }
        int df = bins - 1;
        if (df < 1) return new(0, 0, 1); // one category on both sides: nothing can differ
        return new(statistic, df, PValue(statistic, df));
    }

    /// <inheritdoc cref="Compute(ReadOnlySpan{long}, ReadOnlySpan{long})"/>
    public static ChiSquareResult Compute(CategoricalHistogram reference, CategoricalHistogram current)
    {
        reference.RequireSameCategories(current);
        return Compute(reference.Counts, current.Counts);
    }

    /// <summary>P(χ²_df ≥ <paramref name="statistic"/>): the chi-square survival function.</summary>
    public static double PValue(double statistic, int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "At least one degree of freedom.");
        if (double.IsNaN(statistic)) return double.NaN;
        if (statistic <= 0) return 1;
        return IncompleteGamma.UpperRegularized(degreesOfFreedom / 2.0, statistic / 2);
    }
}
