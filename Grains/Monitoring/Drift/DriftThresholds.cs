namespace Fleet.Monitoring.Drift;

/// <summary>Which statistics decide that a feature drifted.</summary>
public enum DriftDecision
{
    /// <summary>
    /// On a small reference (at most <see cref="DriftThresholds.SmallReferenceSize"/> values) the p-value test
    /// decides (Kolmogorov-Smirnov for numbers, chi-square for categories and for numbers with a bin per value, see
    /// <see cref="BinnedHistogram.IsDiscrete"/>), as in Evidently. On a larger one, where every tiny change is
    /// significant, the distance decides (normalised Wasserstein for numbers, Jensen-Shannon for categories and
    /// numbers with a bin per value), and only when the test also finds the change significant. Evidently lets the distance
    /// decide alone; but on a window of a few hundred rows an unchanged feature's distance is mostly sampling
    /// noise: an unchanged normal feature's normalised Wasserstein reaches 0.1 in ~70 % of 100-row windows and
    /// ~35 % of 180-row ones, so a quiet model's hour drifted most of the time.
    /// </summary>
    Auto,
    /// <summary>PSI at or above the moderate threshold decides, whatever the sample size.</summary>
    Psi,
    /// <summary>Any breached statistic decides (the most sensitive, and the noisiest).</summary>
    AnyStatistic,
}

/// <summary>
/// Drift and data-quality thresholds with their defaults: one place to read and configure them.
/// </summary>
/// <remarks>
/// Distances breach at or above their threshold; p-values breach strictly below theirs. The defaults follow
/// common practice: PSI bands from credit scoring, 0.05 significance, and Evidently's 0.1 for the distances and
/// its 1000-value split between tests and distances. The data-quality defaults are Fleet's own.
/// </remarks>
[GenerateSerializer, Immutable, Alias("Fleet.Drift.DriftThresholds")]
public sealed record DriftThresholds
{
    public const double DefaultPsiModerate = 0.1;
    public const double DefaultPsiMajor = 0.25;

    /// <summary>The defaults below.</summary>
    public static DriftThresholds Default { get; } = new();

    /// <summary>PSI at or above this is a moderate shift and a breach (default 0.1).</summary>
    [Id(0)] public double PsiModerate { get; init; } = DefaultPsiModerate;

    /// <summary>PSI at or above this is a major shift (default 0.25).</summary>
    [Id(1)] public double PsiMajor { get; init; } = DefaultPsiMajor;

    /// <summary>Kolmogorov-Smirnov breaches when its p-value is below this (default 0.05).</summary>
    [Id(2)] public double KolmogorovSmirnovPValue { get; init; } = 0.05;

    /// <summary>Chi-square breaches when its p-value is below this (default 0.05).</summary>
    [Id(3)] public double ChiSquarePValue { get; init; } = 0.05;

    /// <summary>Jensen-Shannon distance (base 2) at or above this breaches (default 0.1).</summary>
    [Id(4)] public double JensenShannon { get; init; } = 0.1;

    /// <summary>Wasserstein-1 over the reference standard deviation at or above this breaches (default 0.1).</summary>
    [Id(5)] public double Wasserstein { get; init; } = 0.1;

    /// <summary>Hellinger distance at or above this breaches (default 0.1).</summary>
    [Id(6)] public double Hellinger { get; init; } = 0.1;

    /// <summary>Which statistics decide a feature's drift (default <see cref="DriftDecision.Auto"/>).</summary>
    [Id(7)] public DriftDecision Decision { get; init; } = DriftDecision.Auto;

    /// <summary>References with at most this many values are judged by p-value under <see cref="DriftDecision.Auto"/> (default 1000).</summary>
    [Id(8)] public long SmallReferenceSize { get; init; } = 1000;

    /// <summary>A current window with fewer values is reported but not judged (default 30).</summary>
    [Id(9)] public long MinCurrentSamples { get; init; } = 30;

    /// <summary>The model's inputs drifted when at least this share of judged features drifted (default 0.5, as Evidently).</summary>
    [Id(10)] public double DriftedFeatureShare { get; init; } = 0.5;

    /// <summary>Missing rate above the reference's by more than this breaches (default 0.05, absolute).</summary>
    [Id(11)] public double MissingRateIncrease { get; init; } = 0.05;

    /// <summary>
    /// Out-of-range rate above what an unchanged distribution gives by more than this breaches (default 0.01).
    /// An unchanged continuous distribution falls outside the min/max of an N-value reference with probability 2/(N+1).
    /// </summary>
    [Id(12)] public double OutOfRangeRate { get; init; } = 0.01;

    /// <summary>Unseen-category rate above this breaches (default 0.02).</summary>
    [Id(13)] public double UnseenCategoryRate { get; init; } = 0.02;

    /// <summary>Share of present values arriving with the other type above this breaches (default 0.01).</summary>
    [Id(14)] public double WrongTypeRate { get; init; } = 0.01;
}
