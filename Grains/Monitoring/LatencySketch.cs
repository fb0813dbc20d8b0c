using System.Runtime.CompilerServices;

namespace Fleet.Monitoring;

// Our own sketch: HdrHistogram's dense count arrays are KiBs each and Fleet keeps one per window bucket (~115 per model × thousands of models), so we need a sparse, log-bucketed one.
/// <summary>
/// A mergeable, subtractable latency quantile sketch (DDSketch-style) with a relative-error guarantee.
/// </summary>
/// <remarks>
/// <para>
/// Binning: a value <c>x ≥ MinIndexableValue</c> goes to bin <c>i = ceil(log_γ(x))</c> with
/// <c>γ = (1+a)/(1-a)</c>, i.e. bin <c>i</c> covers <c>(γ^(i-1), γ^i]</c>, and is reported as
/// <c>2γ^i/(γ+1)</c>, which is within relative error <c>a</c> of every value in that bin.
/// Values in <c>[0, MinIndexableValue)</c> are counted in a separate zero bin and reported as 0.
/// </para>
/// <para>
/// Layout: a dense window of counts (one array) starting at bin <c>_offset</c>. Latency
/// distributions are contiguous in log space, so a window from the lowest to the highest non-empty bin
/// holds few empty slots, costs 1–8 bytes per bin (see Counts; a sorted index+count pair costs 8–12) and makes
/// <see cref="Add(double)"/> a log, a subtraction and an array increment (~9 ns, allocation-free once the
/// window has settled). Measured at a = 1%: lognormal median 40 ms, σ = 0.5, 100k values → ~200 bins,
/// ~1.1 KB in total; a 300-event bucket → ~0.75 KB. Values spread from 1e-3 ms to 1e6 ms need ~1,050 bins.
/// The window is bounded by the spread of values ever seen.
/// </para>
/// <para>
/// Counts: a bin's count starts as a <c>byte</c> and the whole window is widened to <c>ushort</c>, <c>int</c>
/// and finally <c>long</c> counts the first time one bin would overflow, so totals are never wrong and a
/// bucket pays for the counts it really holds: a one-minute bucket at 10 requests/s keeps every bin under
/// 256 (1 byte a bin), an hour or a day under 65,536 (2 bytes), where int counts would cost 4.
/// Fleet keeps ~115 sketches per model, so this halves to quarters the largest part of a model's memory.
/// <see cref="Count"/> is always a <c>long</c>.
/// </para>
/// <para>
/// The counts and bounds are a <see cref="LatencyBins"/>, which a window bucket holds inline without the accuracy (its
/// tier knows it); this class is those bins plus their accuracy, for the windows' merged answers and for tests.
/// </para>
/// <para>Not thread-safe: the owning grain serialises access.</para>
/// </remarks>
[GenerateSerializer]
public sealed class LatencySketch
{
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values below this (1 µs when values are milliseconds) are counted in the zero bin and reported as 0.</summary>
    public const double MinIndexableValue = 1e-3;

    /// <summary>Smallest accepted relative accuracy; finer accuracies make the dense window needlessly large.</summary>
    public const double MinRelativeAccuracy = 1e-4;

    /// <summary>Largest accepted relative accuracy.</summary>
    public const double MaxRelativeAccuracy = 0.5;

    // Object: 16 header/method-table + the mapping's reference 8 + the bins 48 (see LatencyBins) = 72 bytes. The
    // accuracy-derived constants live once per accuracy in a shared mapping.
    [NonSerialized] private LatencyMapping _mapping;
    [Id(1)] private LatencyBins _bins = LatencyBins.Empty;

    /// <summary>
    /// The relative accuracy of the default sketch's bins merged 2^<paramref name="halvings"/> neighbours at a time, as a
    /// Prometheus native histogram lowers its schema: γ' = γ^(2^halvings), so every coarse bin is exactly a run of
    /// default bins and a value's coarse bin is its default bin index divided by 2^halvings, rounded up. 1 halving:
    /// 2a/(1+a²) ≈ 1.9998 % for a = 1 %; 2 halvings ≈ 3.998 %.
    /// </summary>
    public static double MergedBinsAccuracy(int halvings) => LatencyMapping.Merged(halvings).RelativeAccuracy;

    public LatencySketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        _mapping = MappingFor(relativeAccuracy);
    }

    /// <summary>The shared mapping of an accuracy a sketch accepts; refuses any other, naming it.</summary>
    internal static LatencyMapping MappingFor(double relativeAccuracy)
    {
        if (!(relativeAccuracy >= MinRelativeAccuracy && relativeAccuracy <= MaxRelativeAccuracy))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy,
                $"Relative accuracy must be in [{MinRelativeAccuracy}, {MaxRelativeAccuracy}].");
        }
        return LatencyMapping.For(relativeAccuracy);
    }

    // The checkpoint's accuracy. Orleans may build the instance without running the constructor; the mapping is
    // restored from Id 0. Internal, not private: Orleans' generated code calls a property's accessors directly.
    [Id(0)]
    internal double SerializedRelativeAccuracy
    {
        get => _mapping.RelativeAccuracy;
        set => _mapping = LatencyMapping.For(value);
    }

    /// <summary>The relative-error bound <c>a</c> of <see cref="Quantile"/>.</summary>
    public double RelativeAccuracy => _mapping.RelativeAccuracy;

    /// <summary>Total number of recorded values.</summary>
    public long Count => _bins.Count;

    /// <summary>
    /// Smallest recorded value (exact; NaN when empty).
    /// </summary>
    public double Min => _bins.Min;

    /// <summary>
    /// Largest recorded value (exact; NaN when empty).
    /// </summary>
    public double Max => _bins.Max;

    /// <summary>Number of non-empty bins, counting the zero bin.</summary>
    public int NonEmptyBins => _bins.NonEmptyBins;

    /// <summary>Approximate retained heap bytes of this instance: object plus its count array (x64 layout).</summary>
    public long EstimatedBytes => 72 + _bins.ArrayBytes; // the mapping is shared by all sketches of an accuracy, so not counted

    /// <summary>Records one occurrence of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value) => _bins.Add(value, 1, _mapping);

    /// <summary>Records <paramref name="count"/> occurrences of <paramref name="value"/> (finite, ≥ 0).</summary>
    public void Add(double value, long count) => _bins.Add(value, count, _mapping);

    /// <summary>Adds all of <paramref name="other"/>'s values to this sketch. Accuracies must match.</summary>
    public void Merge(LatencySketch other)
    {
        RequireCompatible(other);
        if (ReferenceEquals(other, this)) other = Clone();
        _bins.Merge(other._bins);
    }

    /// <summary>Adds bins kept without their accuracy (a window bucket's), which the caller knows is this sketch's.</summary>
    internal void Merge(in LatencyBins part) => _bins.Merge(part);

    /// <summary>Empties the sketch, keeping its count array so a reused sketch does not reallocate.</summary>
    public void Clear() => _bins.Clear();

    /// <summary>A deep copy of this sketch.</summary>
    public LatencySketch Clone()
    {
        var copy = (LatencySketch)MemberwiseClone(); // the mapping is immutable and shared
        copy._bins = _bins.Clone();
        return copy;
    }

    /// <summary>
    /// Estimates the <paramref name="q"/>-quantile, q ∈ [0, 1]; NaN when empty.
    /// </summary>
    /// <remarks>
    /// Definition: with n values sorted ascending (0-based), let <c>exact</c> be the value at rank
    /// <c>floor(q·(n−1))</c>. If <c>exact ≥ MinIndexableValue</c> the estimate is within relative error
    /// <see cref="RelativeAccuracy"/> of it, i.e. <c>|estimate − exact| ≤ a·exact</c>; if it is below, the
    /// estimate is 0. Estimates are clamped to [Min, Max], which only moves them closer to the exact value.
    /// </remarks>
    public double Quantile(double q)
    {
        RequireQuantile(q);
        return _bins.Quantile(q, _mapping, _bins.RawMin, _bins.RawMax);
    }

    /// <summary>
    /// Takes back out a part merged (or added value by value) earlier: a window's oldest bucket leaving it. The counts
    /// are then exactly those of the remaining parts' merge, but Min and Max only bound them: a caller that subtracts
    /// asks with bounds of its own (<see cref="QuantileWithin"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A bin of <paramref name="part"/> holds more than this sketch's.</exception>
    public void Subtract(LatencySketch part)
    {
        RequireCompatible(part);
        _bins.Subtract(part._bins);
    }

    /// <summary>Takes back out bins kept without their accuracy (a window bucket's), which the caller knows is this sketch's.</summary>
    internal void Subtract(in LatencyBins part) => _bins.Subtract(part);

    /// <summary>
    /// <see cref="Quantile"/> clamped to [<paramref name="min"/>, <paramref name="max"/>] instead of this sketch's own
    /// bounds (after <see cref="Subtract"/> those are loose), found from the top down: a P95 judged after every batch
    /// reads the upper few percent of the bins, skipping empty ones by vectorised scans. The same bits as Quantile
    /// with the same bounds: its bin is the lowest whose count from below passes the rank, which is the highest whose
    /// count from above reaches count − rank.
    /// </summary>
    public double QuantileWithin(double q, double min, double max)
    {
        RequireQuantile(q);
        return _bins.QuantileFromTop(q, _mapping, min, max);
    }

    /// <summary>Non-empty bins as (bin index, count), ascending, excluding the zero bin. For tests and diagnostics.</summary>
    internal IReadOnlyList<(int Index, long Count)> GetBins() => _bins.GetBins();

    internal long ZeroCount => _bins.ZeroCount;

    private static void RequireQuantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        }
    }

    private void RequireCompatible(LatencySketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException(
                $"Relative accuracies differ ({other.RelativeAccuracy} vs {RelativeAccuracy}).", nameof(other));
        }
    }
}
