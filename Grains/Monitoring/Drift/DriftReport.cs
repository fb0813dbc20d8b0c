namespace Fleet.Monitoring.Drift;

/// <summary>Whether a feature holds numbers or categories (as fitted on the reference).</summary>
public enum FeatureKind
{
    Numeric,
    Categorical,
}

/// <summary>The common names statistics are reported under (and looked up by).</summary>
public static class DriftStatisticNames
{
    public const string Psi = "psi";
    public const string KolmogorovSmirnov = "ks";
    public const string JensenShannon = "jensen_shannon";
    public const string Wasserstein = "wasserstein";
    public const string Hellinger = "hellinger";
    public const string ChiSquare = "chi_square";
}

/// <summary>One drift statistic of one feature, its threshold and whether it breached.</summary>
/// <param name="Name">A <see cref="DriftStatisticNames"/> name.</param>
/// <param name="Value">The statistic: PSI, KS D, a distance, or χ². NaN when a side has no value.</param>
/// <param name="Threshold">The breach threshold: on <paramref name="PValue"/> for tests, on <paramref name="Value"/> otherwise.</param>
/// <param name="Breached">Distance ≥ threshold, or p-value &lt; threshold.</param>
/// <param name="PValue">For KS and chi-square.</param>
/// <param name="DegreesOfFreedom">For chi-square.</param>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.DriftStatistic")]
public sealed record DriftStatistic(
    [property: Id(0)] string Name,
    [property: Id(1)] double Value,
    [property: Id(2)] double Threshold,
    [property: Id(3)] bool Breached,
    [property: Id(4)] double? PValue = null,
    [property: Id(5)] int? DegreesOfFreedom = null);

/// <summary>
/// Drift of one feature (or the score) between the reference and a current window: every statistic, which
/// breached, which decided, and the data quality.
/// </summary>
/// <param name="Judged">False when the current window has fewer than the minimum samples: reported, not judged.</param>
/// <param name="Drifted">
/// The deciding statistics (<paramref name="DecidedBy"/>) breached: all of them, or any one when
/// <paramref name="DecidedByAny"/>; always false when not judged.
/// </param>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.FeatureDriftReport")]
public sealed record FeatureDriftReport(
    [property: Id(0)] string Feature,
    [property: Id(1)] FeatureKind Kind,
    [property: Id(2)] long ReferenceCount,
    [property: Id(3)] long CurrentCount,
    [property: Id(4)] IReadOnlyList<DriftStatistic> Statistics,
    [property: Id(5)] IReadOnlyList<string> DecidedBy,
    [property: Id(6)] bool Judged,
    [property: Id(7)] bool Drifted,
    [property: Id(8)] PsiLevel PsiLevel,
    [property: Id(9)] FeatureQuality Quality,
    [property: Id(10)] bool DecidedByAny = false)
{
    /// <summary>Names of the statistics that breached.</summary>
    public IEnumerable<string> Breaches => Statistics.Where(s => s.Breached).Select(s => s.Name);

    /// <summary>The statistic reported under <paramref name="name"/>, or null.</summary>
    public DriftStatistic? this[string name] => Statistics.FirstOrDefault(s => s.Name == name);
}

/// <summary>
/// Drift of a model's inputs and score against its reference: per-feature reports, the share of judged features
/// that drifted (a model-level signal), and the features that appeared or disappeared.
/// </summary>
/// <param name="DriftedShare">Drifted / judged features; 0 when none was judged.</param>
/// <param name="InputDrift">The drifted share reached <see cref="DriftThresholds.DriftedFeatureShare"/>.</param>
/// <param name="Score">Prediction drift: the same statistics on the score; null when the reference had no score histogram.</param>
/// <param name="AppearedFeatures">Features present in the window but not in the reference (tracked up to a cap).</param>
/// <param name="DisappearedFeatures">Reference features absent from every row of a window of at least the minimum rows.</param>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.ModelDriftReport")]
public sealed record ModelDriftReport(
    [property: Id(0)] long Rows,
    [property: Id(1)] IReadOnlyList<FeatureDriftReport> Features,
    [property: Id(2)] int JudgedFeatures,
    [property: Id(3)] int DriftedFeatures,
    [property: Id(4)] double DriftedShare,
    [property: Id(5)] bool InputDrift,
    [property: Id(6)] FeatureDriftReport? Score,
    [property: Id(7)] IReadOnlyList<string> AppearedFeatures,
    [property: Id(8)] IReadOnlyList<string> DisappearedFeatures)
{
    /// <summary>Features with at least one data-quality breach.</summary>
    public IEnumerable<FeatureDriftReport> QualityIssues => Features.Where(f => f.Quality.Breaches.Count > 0);
}
