namespace Fleet.Monitoring.Drift;

/// <summary>
/// Compares current windows with a model's reference profile: fitted on the reference (NannyML's calculator
/// pattern), it calculates a <see cref="ModelDriftReport"/> for each window it is given.
/// </summary>
/// <example>
/// <code>
/// var calculator = new DriftCalculator(DriftProfile.Fit(trainingRows));
/// var window = calculator.CreateWindow();
/// foreach (var p in predictions) window.Add(p.Features, p.Score);
/// ModelDriftReport report = calculator.Calculate(window);   // report.DriftedShare, report.Features[i].Drifted
/// </code>
/// </example>
public sealed class DriftCalculator
{
    public DriftCalculator(DriftProfile reference, DriftThresholds? thresholds = null)
    {
        Reference = reference ?? throw new ArgumentNullException(nameof(reference));
        Thresholds = thresholds ?? DriftThresholds.Default;
    }

    /// <summary>The reference every window is compared with.</summary>
    public DriftProfile Reference { get; }

    public DriftThresholds Thresholds { get; }

    /// <summary>An empty window shaped like the reference.</summary>
    public DriftProfile CreateWindow() => Reference.CreateEmptyLike();

    /// <summary>Every feature's drift and quality, the score's drift, and the share of drifted features.</summary>
    public ModelDriftReport Calculate(DriftProfile current)
    {
        Reference.RequireSameShape(current);
        var t = Thresholds;
        var features = new List<FeatureDriftReport>(Reference.Numeric.Count + Reference.Categorical.Count);
        foreach (var (name, reference) in Reference.Numeric.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            features.Add(Calculate(name, reference, current.Numeric[name], t, Reference.Rows, current.Rows));
        }
        foreach (var (name, reference) in Reference.Categorical.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            features.Add(Calculate(name, reference, current.Categorical[name], t, Reference.Rows, current.Rows));
        }

        int judged = features.Count(f => f.Judged);
        int drifted = features.Count(f => f.Drifted);
        double share = judged == 0 ? 0 : (double)drifted / judged;
        var score = Reference.Score is { } referenceScore
            ? Calculate("score", referenceScore, current.Score!, t, Reference.Rows, current.Rows)
            : null;
        return new ModelDriftReport(
            current.Rows, features, judged, drifted, share,
            InputDrift: judged > 0 && share >= t.DriftedFeatureShare,
            score,
            AppearedFeatures: current.NewFeatures.Keys.Order(StringComparer.Ordinal).ToArray(),
            DisappearedFeatures: features.Where(f => f.Quality.Disappeared).Select(f => f.Feature).ToArray());
    }

    /// <summary>
    /// Drift of one numeric feature: PSI, Kolmogorov-Smirnov, Jensen-Shannon, normalised Wasserstein and Hellinger,
    /// decided by Kolmogorov-Smirnov and Wasserstein. A discrete feature (<see cref="BinnedHistogram.IsDiscrete"/>: a
    /// bin per reference value) also gets chi-square and is decided as categories are, by chi-square and
    /// Jensen-Shannon: as in Evidently, which tests numeric columns with few values as categories. Kolmogorov-Smirnov's
    /// p-value assumes a continuous distribution and is far too large on a few values: a flag whose ones went from
    /// 3 % to 10 % over 300 rows gives p ≈ 0.12, where chi-square gives ~1e-9.
    /// Rows of 0 mean the histograms are assessed alone (no absent-row accounting).
    /// </summary>
    public static FeatureDriftReport Calculate(string feature, BinnedHistogram reference, BinnedHistogram current,
        DriftThresholds? thresholds = null, long referenceRows = 0, long currentRows = 0)
    {
        var t = thresholds ?? DriftThresholds.Default;
        reference.RequireSameBins(current);
        double psi = PopulationStabilityIndex.Compute(reference, current);
        var ks = KolmogorovSmirnov.Compute(reference, current);
        var statistics = new List<DriftStatistic>(6)
        {
            Distance(DriftStatisticNames.Psi, psi, t.PsiModerate),
            Test(DriftStatisticNames.KolmogorovSmirnov, ks.Statistic, ks.PValue, t.KolmogorovSmirnovPValue),
            Distance(DriftStatisticNames.JensenShannon, JensenShannonDistance.Compute(reference, current), t.JensenShannon),
            Distance(DriftStatisticNames.Wasserstein, WassersteinDistance.ComputeNormalised(reference, current), t.Wasserstein),
            Distance(DriftStatisticNames.Hellinger, HellingerDistance.Compute(reference, current), t.Hellinger),
        };
        string[] decidedBy;
        if (reference.IsDiscrete)
        {
            var chi = ChiSquareTest.Compute(reference.Counts, current.Counts);
            statistics.Add(Test(DriftStatisticNames.ChiSquare, chi.Statistic, chi.PValue, t.ChiSquarePValue, chi.DegreesOfFreedom));
            decidedBy = DecidedBy(t, statistics, reference.Count, DriftStatisticNames.ChiSquare, DriftStatisticNames.JensenShannon);
        }
        else
        {
            decidedBy = DecidedBy(t, statistics, reference.Count, DriftStatisticNames.KolmogorovSmirnov, DriftStatisticNames.Wasserstein);
        }
        var quality = FeatureQuality.Assess(reference, current, t, referenceRows, currentRows);
        return Report(feature, FeatureKind.Numeric, reference.Count, current.Count, statistics, decidedBy, psi, quality, t);
    }

    /// <summary>
    /// Drift of one categorical feature: PSI, chi-square, Jensen-Shannon and Hellinger over the tracked categories
    /// and "other". Rows of 0 mean the histograms are assessed alone.
    /// </summary>
    public static FeatureDriftReport Calculate(string feature, CategoricalHistogram reference, CategoricalHistogram current,
        DriftThresholds? thresholds = null, long referenceRows = 0, long currentRows = 0)
    {
        var t = thresholds ?? DriftThresholds.Default;
        double psi = PopulationStabilityIndex.Compute(reference, current);
        var chi = ChiSquareTest.Compute(reference, current);
        DriftStatistic[] statistics =
        [
            Distance(DriftStatisticNames.Psi, psi, t.PsiModerate),
            Test(DriftStatisticNames.ChiSquare, chi.Statistic, chi.PValue, t.ChiSquarePValue, chi.DegreesOfFreedom),
            Distance(DriftStatisticNames.JensenShannon, JensenShannonDistance.Compute(reference, current), t.JensenShannon),
            Distance(DriftStatisticNames.Hellinger, HellingerDistance.Compute(reference, current), t.Hellinger),
        ];
        var decidedBy = DecidedBy(t, statistics, reference.Count, DriftStatisticNames.ChiSquare, DriftStatisticNames.JensenShannon);
        var quality = FeatureQuality.Assess(reference, current, t, referenceRows, currentRows);
        return Report(feature, FeatureKind.Categorical, reference.Count, current.Count, statistics, decidedBy, psi, quality, t);
    }

    /// <summary>
    /// Which statistics decide: under <see cref="DriftDecision.Auto"/> the p-value test for a small reference,
    /// and for a large one the distance together with the test (a test on a large sample flags differences too
    /// small to matter; a distance on a small window is mostly sampling noise).
    /// </summary>
    private static string[] DecidedBy(DriftThresholds t, IReadOnlyList<DriftStatistic> statistics, long referenceCount, string test, string distance) =>
        t.Decision switch
        {
            DriftDecision.Auto => referenceCount <= t.SmallReferenceSize ? [test] : [distance, test],
            DriftDecision.Psi => [DriftStatisticNames.Psi],
            DriftDecision.AnyStatistic => statistics.Select(s => s.Name).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(t), t.Decision, null),
        };

    private static FeatureDriftReport Report(string feature, FeatureKind kind, long referenceCount, long currentCount,
        IReadOnlyList<DriftStatistic> statistics, string[] decidedBy, double psi, FeatureQuality quality, DriftThresholds t)
    {
        bool judged = referenceCount > 0 && currentCount >= t.MinCurrentSamples;
        // Every deciding statistic must breach, except under AnyStatistic, whose point is the most sensitive reading.
        var any = t.Decision == DriftDecision.AnyStatistic;
        var deciding = statistics.Where(s => decidedBy.Contains(s.Name));
        bool drifted = judged && (any ? deciding.Any(s => s.Breached) : deciding.All(s => s.Breached));
        return new FeatureDriftReport(feature, kind, referenceCount, currentCount, statistics, decidedBy, judged, drifted,
            PopulationStabilityIndex.Classify(psi, t.PsiModerate, t.PsiMajor), quality, any);
    }

    // NaN never breaches: a comparison with an empty side has nothing to say.
    private static DriftStatistic Distance(string name, double value, double threshold) =>
        new(name, value, threshold, value >= threshold);

    private static DriftStatistic Test(string name, double statistic, double pValue, double threshold, int? df = null) =>
        new(name, statistic, threshold, pValue < threshold, pValue, df);
}
