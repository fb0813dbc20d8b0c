using System.Collections.Concurrent;

namespace Fleet.Monitoring;

/// <summary>
/// The constants of one relative accuracy of <see cref="LatencySketch"/>'s bins, computed once and shared by every
/// sketch and window tier of that accuracy, so a set of bins (<see cref="LatencyBins"/>) carries none of them.
/// </summary>
internal sealed class LatencyMapping
{
    private const int MaxHalvings = 4;

    private static readonly LatencyMapping Default = new(LatencySketch.DefaultRelativeAccuracy);

    // The default's bins merged 2, 4, ... at a time. ln γ is the default's times a power of two, which floating point
    // multiplies exactly, so a value's coarse index is exactly its default index divided and rounded up.
    private static readonly LatencyMapping[] MergedDefaults =
        [Default, .. Enumerable.Range(1, MaxHalvings).Select(k => OfLogGamma(Default.LogGamma * (1 << k)))];

    // Accuracies come from code and configuration, so this holds a handful of entries.
    private static readonly ConcurrentDictionary<double, LatencyMapping> Others = new();

    public readonly double RelativeAccuracy;
    public readonly double LogGamma;         // ln γ
    public readonly double IndexMultiplier;  // 1 / ln γ

    private LatencyMapping(double relativeAccuracy, double logGamma)
    {
        RelativeAccuracy = relativeAccuracy;
        LogGamma = logGamma;
        IndexMultiplier = 1 / logGamma;
    }

    private LatencyMapping(double relativeAccuracy) : this(relativeAccuracy, Math.Log((1 + relativeAccuracy) / (1 - relativeAccuracy))) { }

    private static LatencyMapping OfLogGamma(double logGamma) => new(Math.Tanh(logGamma / 2), logGamma); // a = (γ - 1) / (γ + 1)

    public static LatencyMapping Merged(int halvings) => halvings is >= 0 and <= MaxHalvings
        ? MergedDefaults[halvings]
        : throw new ArgumentOutOfRangeException(nameof(halvings), halvings, $"Between 0 and {MaxHalvings} halvings.");

    /// <summary>The mapping of an accuracy; the caller has checked it is one a sketch accepts.</summary>
    public static LatencyMapping For(double relativeAccuracy)
    {
        foreach (var merged in MergedDefaults)
        {
            if (merged.RelativeAccuracy == relativeAccuracy) return merged; // a checkpoint's merged accuracy maps back exactly
        }
        return Others.GetOrAdd(relativeAccuracy, static a => new LatencyMapping(a));
    }

    // Representative value of bin i: 2γ^i/(γ+1), the point equidistant (relatively) from both bin edges.
    public double BinValue(int index) => 2 * Math.Exp(index * LogGamma) / (1 + Math.Exp(LogGamma));
}
