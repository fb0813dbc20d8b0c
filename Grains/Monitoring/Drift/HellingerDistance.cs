namespace Fleet.Monitoring.Drift;

/// <summary>
/// Hellinger distance between a reference and a current histogram over the same bins.
/// </summary>
/// <remarks>
/// <c>H = √(1 − Σ_i √(p_i · q_i))</c> = <c>(1/√2) · ‖√p − √q‖₂</c>, a metric in [0, 1]: 0 for identical shares,
/// 1 for histograms with no bin in common. Needs no smoothing. Default drift threshold 0.1
/// (<see cref="DriftThresholds"/>, as Evidently's).
/// </remarks>
public static class HellingerDistance
{
    /// <summary>The distance for two count vectors over the same bins; NaN when either side has no value.</summary>
    public static double Compute(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        var (r, c) = HistogramMath.Totals(reference, current);
        if (r == 0 || c == 0) return double.NaN;
        // Σ (√p − √q)² / 2 rather than 1 − Σ √(pq): no cancellation when the histograms are nearly equal.
        double sum = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double diff = Math.Sqrt((double)reference[i] / r) - Math.Sqrt((double)current[i] / c);
            sum += diff * diff;
        }
        return Math.Sqrt(Math.Clamp(sum / 2, 0, 1));
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
