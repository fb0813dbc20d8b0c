namespace Fleet.Monitoring.Drift;

/// <summary>Checks and sums shared by the drift statistics.</summary>
internal static class HistogramMath
{
    /// <summary>Both totals, after checking the two count vectors are aligned and non-negative.</summary>
    public static (long Reference, long Current) Totals(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        if (reference.Length != current.Length)
        {
            throw new ArgumentException($"Count vectors differ in length ({reference.Length} vs {current.Length}).", nameof(current));
        }
        long r = 0, c = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            if (reference[i] < 0 || current[i] < 0) throw new ArgumentException("Counts must be non-negative.");
            r += reference[i];
            c += current[i];
        }
        return (r, c);
    }
}
