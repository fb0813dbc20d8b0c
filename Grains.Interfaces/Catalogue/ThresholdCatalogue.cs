using System.Globalization;
using Fleet.Models;

namespace Fleet.Catalogue;

/// <summary>
/// Every level threshold shaped as a limit, declared once with its default per domain, in the order the level evaluator
/// judges them (README "Degradation policy"). A model's <see cref="Thresholds"/> hold one value per declaration, so adding
/// a limit is one declaration here and its test. The quality targets and the hysteresis have shapes of their own and are
/// declared here as <see cref="ShapedDeclaration{T}"/>s (<see cref="Quality"/>, <see cref="Hysteresis"/>).
/// </summary>
public static class ThresholdCatalogue
{
    // First: the declarations below append themselves to it as they are initialised, in textual order.
    private static readonly List<LimitDeclaration> Declared = [];

    public static readonly LimitDeclaration ErrorState = Declare(new()
    {
        Name = "error-state", Field = "errorState", Reading = Readings.ErrorRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Inclusive = true, Level = DegradationLevel.ErrorState,
        Description = "errors and timeouts at or above this share of traffic: nothing can be served",
        Default = static (_, _) => new Limit(0.50, WindowSpan.FiveMinutes, 20),
        Words = static (limit, v, w, _) => $"errors and timeouts are {Pct(v)} of {w.Name()} traffic (error state at {Pct(limit.Value)}): nothing can be served",
    });

    public static readonly LimitDeclaration ErrorRate = Declare(new()
    {
        Name = "error-rate", Field = "errorRate", Reading = Readings.ErrorOnlyRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "share of requests that errored (timeouts have their own limit)",
        // 500 requests before a 1% rate is judged: at 100, a single unlucky error is already 1%.
        Default = static (_, _) => new Limit(0.01, WindowSpan.FiveMinutes, 500),
        Words = static (limit, v, w, _) => $"error rate {Pct(v)} over {w.Name()} exceeds {Pct(limit.Value)}",
    });

    public static readonly LimitDeclaration TimeoutRate = Declare(new()
    {
        Name = "timeout-rate", Field = "timeoutRate", Reading = Readings.TimeoutRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "share of requests that timed out",
        Default = static (_, _) => new Limit(0.01, WindowSpan.FiveMinutes, 500),
        Words = static (limit, v, w, _) => $"timeout rate {Pct(v)} over {w.Name()} exceeds {Pct(limit.Value)}",
    });

    public static readonly LimitDeclaration LatencyP95 = Declare(new()
    {
        Name = "latency-p95", Field = "latencyP95Ms", Reading = Readings.LatencyP95, Kind = LimitKind.Positive,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "95th percentile latency in milliseconds",
        Default = static (profile, _) => new Limit(profile.LatencyP95Ms, WindowSpan.FiveMinutes, 100),
        Words = static (limit, v, w, _) => $"latency P95 {Ms(v)} over {w.Name()} exceeds {Ms(limit.Value)}",
    });

    public static readonly LimitDeclaration FallbackRate = Declare(new()
    {
        Name = "fallback-rate", Field = "fallbackRate", Reading = Readings.FallbackRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "share of requests a fallback served",
        Default = static (_, _) => new Limit(0.05, WindowSpan.OneHour, 100),
        Words = static (limit, v, w, _) => $"fallback served {Pct(v)} of {w.Name()} traffic (limit {Pct(limit.Value)})",
    });

    public static readonly LimitDeclaration Coverage = Declare(new()
    {
        Name = "coverage", Field = "coverage", Reading = Readings.Coverage, Kind = LimitKind.Fraction,
        Direction = LimitDirection.LowerFraction, Level = DegradationLevel.ReducedAi,
        Description = "share of requests the model answered with confidence, at least",
        Default = static (_, _) => new Limit(0.95, WindowSpan.OneHour, 100),
        Words = static (limit, v, w, _) => $"coverage {Pct(v)} over {w.Name()} is below {Pct(limit.Value)}",
    });

    public static readonly LimitDeclaration InputDrift = Declare(new()
    {
        Name = "input-drift", Field = "inputDrift", Reading = Readings.DriftShare, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Inclusive = true, Level = DegradationLevel.ReducedAi,
        Description = "share of input features drifted over the last hour, at or above",
        // Half the features drifting is worth reduced AI; fewer is an alert (drift.share), not a level.
        Default = static (_, _) => InputDrift!.Base,
        Base = new Limit(0.5, WindowSpan.OneHour, 500),
        Words = static (limit, v, _, _) => $"{Pct(v)} of input features drifted over the last hour (limit {Pct(limit.Value)})",
    });

    public static readonly LimitDeclaration Diversity = Declare(new()
    {
        Name = "diversity", Field = "diversity", Reading = Readings.TopCategoryShare, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "the largest share one item category may take of what the model shows (recommenders)",
        // domain.md: no single category above 30% of recommendations.
        Default = static (profile, _) => profile.Metric == QualityMetricKind.Relevance ? Diversity!.Base : null,
        Base = new Limit(0.30, WindowSpan.OneHour, 500),
        Words = static (limit, v, _, _) =>
            $"the top item category is {Pct(v)} of what the model showed over the last hour (limit {Pct(limit.Value)})",
    });

    public static readonly LimitDeclaration Fairness = Declare(new()
    {
        Name = "fairness-gap", Field = "fairness", Reading = Readings.FairnessGap, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "the largest quality gap between segments over 24h, each with at least minSamples labels (0.10 = 10 points)",
        // A gap in MAE has no scale common to every model: off unless the owner sets one.
        Default = static (_, metric) => metric.LowerIsBetter() ? null : Fairness!.Base,
        // domain.md's fairness bar: quality may differ by at most 10 points across age, gender or region groups, judged
        // over 24 h between segments with 1,000 labels each (standard error ~1.5 points).
        Base = new Limit(0.10, WindowSpan.OneDay, 1_000),
        OnlyWindow = (WindowSpan.OneDay, "segment quality is kept over the last 24 hours"),
        Words = static (limit, v, _, metric) =>
            $"{MetricName(metric)} differs by {QualityText(metric, v)} between segments over 24h (limit {QualityText(metric, limit.Value)})",
    });

    public static readonly LimitDeclaration MinVolume = Declare(new()
    {
        Name = "min-volume", Field = "minVolume", Reading = Readings.Volume, Kind = LimitKind.Count,
        Direction = LimitDirection.LowerCount, Level = DegradationLevel.ReducedAi,
        Description = "predictions in the window, at least (0 turns it off)",
        // Off (0): only the owner knows a model's normal traffic.
        Default = static (_, _) => new Limit(0, WindowSpan.OneHour, 0),
        ZeroTurnsOff = true,
        // A floor on volume needs no minimum of samples: the count itself is the reading.
        CountIsTheReading = true,
        Words = static (limit, v, w, _) => $"{v:N0} predictions over {w.Name()}, below the floor of {limit.Value:N0}",
    });

    /// <summary>Every limit, in the order the level evaluator judges them.</summary>
    public static IReadOnlyList<LimitDeclaration> Limits => Declared;

    /// <summary>The limit under a request field ("errorRate"), or null.</summary>
    public static LimitDeclaration? ByField(string field) => Limits.FirstOrDefault(l => l.Field == field);

    /// <summary>The quality targets: the metric's launch/target/stretch curve and the window and labels it is judged over.</summary>
    public static readonly ShapedDeclaration<QualityTargets> Quality = new()
    {
        Field = "quality",
        Description = "the quality metric's maturation curve; below launch the model should not serve (upper bounds for MAE)",
        Fields =
        [
            new() { Name = "launch", Kind = ShapedFieldKind.Metric, Description = "the bar below which the model should not serve", Read = static q => q.Launch },
            new() { Name = "target", Kind = ShapedFieldKind.Metric, Description = "the first-quarter goal", Read = static q => q.Target },
            new() { Name = "stretch", Kind = ShapedFieldKind.Metric, Description = "the year-one goal", Read = static q => q.Stretch },
            new() { Name = "window", Kind = ShapedFieldKind.Window, Description = "the window quality is judged over", Read = static q => q.Window.Name() },
            new() { Name = "minSamples", Kind = ShapedFieldKind.Count, Description = "joined outcomes before quality is judged", Read = static q => q.MinSamples },
        ],
        // A model measured by another metric than its domain's typical one gets the generic curve (none for MAE: no
        // scale is common to every model, so its owner must say).
        Default = static (profile, metric) => metric == profile.Metric
            ? new QualityTargets(profile.Launch, profile.Target, profile.Stretch, profile.QualityWindow, profile.QualitySamples)
            : metric.LowerIsBetter()
                ? new QualityTargets(double.MaxValue, double.MaxValue, double.MaxValue, profile.QualityWindow, profile.QualitySamples)
                : new QualityTargets(DomainDefaults.Generic.Launch, DomainDefaults.Generic.Target, DomainDefaults.Generic.Stretch,
                    profile.QualityWindow, profile.QualitySamples),
    };

    /// <summary>How a model earns its way back up the ladder (README "Degradation policy", hysteresis).</summary>
    public static readonly ShapedDeclaration<Hysteresis> Hysteresis = new()
    {
        Field = "hysteresis",
        Description = "getting better needs every threshold of the better level inside its limit by the margin for the recovery hold",
        Fields =
        [
            new() { Name = "recoveryHold", Kind = ShapedFieldKind.Duration, Description = "how long the better level must hold",
                Read = static h => Durations.Format(h.RecoveryHold) },
            new() { Name = "margin", Kind = ShapedFieldKind.Fraction, Description = "how far inside its limit each threshold must be, relative",
                Read = static h => h.Margin },
        ],
        Default = static (_, _) => new Hysteresis(TimeSpan.FromMinutes(10), 0.10),
    };

    /// <summary>The breach names of the quality targets (README "Degradation policy").</summary>
    public const string QualityBelowBaseline = "quality-below-baseline";
    public const string QualityBelowLaunch = "quality-below-launch";

    // Two decimals so a value just under a round limit never prints as the limit itself.
    public static string Pct(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>The quality metric's name in words: "accuracy", "MAE".</summary>
    public static string MetricName(QualityMetricKind metric) => metric switch
    {
        QualityMetricKind.Mae => "MAE",
        _ => metric.ToString().ToLowerInvariant(),
    };

    /// <summary>A value of the quality metric in words: a percentage, or the number itself for a lower-is-better metric.</summary>
    public static string QualityText(QualityMetricKind metric, double value) =>
        metric.LowerIsBetter() ? value.ToString("0.###", CultureInfo.InvariantCulture) : Pct(value);

    public static string Ms(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static LimitDeclaration Declare(LimitDeclaration declaration)
    {
        if (Declared.Any(d => d.Name == declaration.Name || d.Field == declaration.Field))
            throw new InvalidOperationException($"threshold '{declaration.Name}' ({declaration.Field}) is declared twice");
        declaration.Index = Declared.Count;
        Declared.Add(declaration);
        return declaration;
    }
}
