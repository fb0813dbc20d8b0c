namespace Fleet.Monitoring.Drift;

/// <summary>How far a PSI value says a distribution has moved, by the usual credit-scoring bands.</summary>
public enum PsiLevel
{
    /// <summary>PSI below the moderate threshold (default 0.1): no significant change.</summary>
    Stable,
    /// <summary>PSI in [moderate, major) (default [0.1, 0.25)): a moderate shift worth watching.</summary>
    Moderate,
    /// <summary>PSI at or above the major threshold (default 0.25): a major shift.</summary>
    Major,
}

/// <summary>
/// Population Stability Index between a reference and a current histogram over the same bins.
/// </summary>
/// <remarks>
/// <para>
/// <c>PSI = Σ_i (q_i − p_i) · ln(q_i / p_i)</c>, with <c>p_i</c>, <c>q_i</c> the reference and current shares of
/// bin i. A bin that is empty on one side would make the term infinite, so an empty share is replaced by
/// <see cref="EmptyBinShare"/> = 1e-4 (the common practice, e.g. Evidently), without renormalising. PSI is a
/// symmetrised Kullback-Leibler divergence: 0 for identical shares, growing without bound.
/// </para>
/// <para>
/// Reading it (defaults in <see cref="DriftThresholds"/>): below 0.1 stable, 0.1–0.25 moderate shift, 0.25 and
/// above major shift. PSI grows with the number of bins, so the bands assume about 10 bins. With n current values
/// and B bins, sampling noise alone gives a PSI of roughly <c>(B−1)(1/n + 1/N)</c>, so it needs a few hundred values.
/// </para>
/// </remarks>
public static class PopulationStabilityIndex
{
    /// <summary>The share an empty bin is given so its log term stays finite.</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>PSI of two count vectors over the same bins; NaN when either side has no value.</summary>
    public static double Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var (r, c) = HistogramMath.Totals(reference, current);
        if (r == 0 || c == 0) return double.NaN;
        double psi = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            if (reference[i] == 0 && current[i] == 0) continue; // both empty: the term is 0 either way
            double p = reference[i] == 0 ? EmptyBinShare : (double)reference[i] / r;
            double q = current[i] == 0 ? EmptyBinShare : (double)current[i] / c;
            psi += (q - p) * Math.Log(q / p);
        }
        return psi;
    }

    /// <inheritdoc cref="Compute(ReadOnlySpan{long}, ReadOnlySpan{long})"/>
    public static double Compute(BinnedHistogram reference, BinnedHistogram current)
    {
        reference.RequireSameBins(current);
        return Compute(reference.Counts, current.Counts);
    }

    /// <inheritdoc cref="Compute(ReadOnlySpan{long}, ReadOnlySpan{long})"/>
    public static double Compute(CategoricalHistogram reference, CategoricalHistogram current)
    {
        reference.RequireSameCategories(current);
        return Compute(reference.Counts, current.Counts);
    }

    /// <summary>The band a PSI value falls in; NaN is <see cref="PsiLevel.Stable"/> (nothing to judge).</summary>
    public static PsiLevel Classify(double psi, double moderate = DriftThresholds.DefaultPsiModerate, double major = DriftThresholds.DefaultPsiMajor) =>
        psi >= major ? PsiLevel.Major : psi >= moderate ? PsiLevel.Moderate : PsiLevel.Stable;
}
