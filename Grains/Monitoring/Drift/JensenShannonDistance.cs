namespace Fleet.Monitoring.Drift;

/// <summary>
/// Jensen-Shannon distance (base 2) between a reference and a current histogram over the same bins.
/// </summary>
/// <remarks>
/// <c>JSD = ½ Σ p_i log₂(p_i/m_i) + ½ Σ q_i log₂(q_i/m_i)</c> with <c>m = (p+q)/2</c> and <c>0·log 0 = 0</c>;
/// the distance is <c>√JSD</c>, a metric in [0, 1]: 0 for identical shares, 1 for histograms with no bin in
/// common. No smoothing is needed (m_i &gt; 0 wherever a term is non-zero). Default drift threshold 0.1
/// (<see cref="DriftThresholds"/>, as Evidently's default for large samples).
/// </remarks>
public static class JensenShannonDistance
{
    /// <summary>The distance for two count vectors over the same bins; NaN when either side has no value.</summary>
    public static double Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var (r, c) = HistogramMath.Totals(reference, current);
        if (r == 0 || c == 0) return double.NaN;
        double divergence = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double p = (double)reference[i] / r, q = (double)current[i] / c, m = (p + q) / 2;
            if (p > 0) divergence += p * Math.Log2(p / m);
            if (q > 0) divergence += q * Math.Log2(q / m);
        }
        return Math.Sqrt(Math.Clamp(divergence / 2, 0, 1)); // clamp: rounding can leave -1e-17 or 1+1e-16
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
}
