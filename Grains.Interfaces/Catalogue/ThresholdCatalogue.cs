using System.Globalization;
using Fleet.Models;

namespace Fleet.Catalogue;

/// <summary>
/// Every level threshold shaped as a limit, declared once, in the order the level evaluator judges them (README
/// "Degradation policy"). The quality targets and the hysteresis have shapes of their own (<see cref="QualityTargets"/>,
/// <see cref="Hysteresis"/>) and are not limits. Adding a limit: one declaration here, a property on
/// <see cref="Thresholds"/> with its default in <see cref="DomainDefaults"/>, and its test.
/// </summary>
public static class ThresholdCatalogue
{
    public static readonly LimitDeclaration ErrorState = new()
    {
        Name = "error-state", Field = "errorState", Reading = Readings.ErrorRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Inclusive = true, Level = DegradationLevel.ErrorState,
        Description = "errors and timeouts at or above this share of traffic: nothing can be served",
        Get = t => t.ErrorState, With = (t, l) => t with { ErrorState = l! },
        Traffic = w => (Sum(w.ErrorRate, w.TimeoutRate), w.Volume),
        Words = static (t, v, w) => $"errors and timeouts are {Pct(v)} of {w.Name()} traffic (error state at {Pct(t.ErrorState.Value)}): nothing can be served",
    };

    public static readonly LimitDeclaration ErrorRate = new()
    {
        Name = "error-rate", Field = "errorRate", Reading = Readings.ErrorOnlyRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "share of requests that errored (timeouts have their own limit)",
        Get = t => t.ErrorRate, With = (t, l) => t with { ErrorRate = l! },
        Traffic = w => (w.ErrorRate, w.Volume),
        Words = static (t, v, w) => $"error rate {Pct(v)} over {w.Name()} exceeds {Pct(t.ErrorRate.Value)}",
    };

    public static readonly LimitDeclaration TimeoutRate = new()
    {
        Name = "timeout-rate", Field = "timeoutRate", Reading = Readings.TimeoutRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "share of requests that timed out",
        Get = t => t.TimeoutRate, With = (t, l) => t with { TimeoutRate = l! },
        Traffic = w => (w.TimeoutRate, w.Volume),
        Words = static (t, v, w) => $"timeout rate {Pct(v)} over {w.Name()} exceeds {Pct(t.TimeoutRate.Value)}",
    };

    public static readonly LimitDeclaration LatencyP95 = new()
    {
        Name = "latency-p95", Field = "latencyP95Ms", Reading = Readings.LatencyP95, Kind = LimitKind.Positive,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.RulesFallback,
        Description = "95th percentile latency in milliseconds",
        Get = t => t.LatencyP95Ms, With = (t, l) => t with { LatencyP95Ms = l! },
        Traffic = w => (w.LatencyP95, w.Volume),
        Words = static (t, v, w) => $"latency P95 {Ms(v)} over {w.Name()} exceeds {Ms(t.LatencyP95Ms.Value)}",
    };

    public static readonly LimitDeclaration FallbackRate = new()
    {
        Name = "fallback-rate", Field = "fallbackRate", Reading = Readings.FallbackRate, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "share of requests a fallback served",
        Get = t => t.FallbackRate, With = (t, l) => t with { FallbackRate = l! },
        Traffic = w => (w.FallbackRate, w.Volume),
        Words = static (t, v, w) => $"fallback served {Pct(v)} of {w.Name()} traffic (limit {Pct(t.FallbackRate.Value)})",
    };

    public static readonly LimitDeclaration Coverage = new()
    {
        Name = "coverage", Field = "coverage", Reading = Readings.Coverage, Kind = LimitKind.Fraction,
        Direction = LimitDirection.LowerFraction, Level = DegradationLevel.ReducedAi,
        Description = "share of requests the model answered with confidence, at least",
        Get = t => t.Coverage, With = (t, l) => t with { Coverage = l! },
        Traffic = w => (w.Coverage, w.Volume),
        Words = static (t, v, w) => $"coverage {Pct(v)} over {w.Name()} is below {Pct(t.Coverage.Value)}",
    };

    public static readonly LimitDeclaration InputDrift = new()
    {
        Name = "input-drift", Field = "inputDrift", Reading = Readings.DriftShare, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Inclusive = true, Level = DegradationLevel.ReducedAi,
        Description = "share of input features drifted over the last hour, at or above",
        Get = t => t.InputDrift, With = (t, l) => t with { InputDrift = l },
        Base = new Limit(0.5, WindowSpan.OneHour, 500),
    };

    public static readonly LimitDeclaration Diversity = new()
    {
        Name = "diversity", Field = "diversity", Reading = Readings.TopCategoryShare, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "the largest share one item category may take of what the model shows (recommenders)",
        Get = t => t.Diversity, With = (t, l) => t with { Diversity = l },
        Base = new Limit(0.30, WindowSpan.OneHour, 500),
    };

    public static readonly LimitDeclaration Fairness = new()
    {
        Name = "fairness-gap", Field = "fairness", Reading = Readings.FairnessGap, Kind = LimitKind.Fraction,
        Direction = LimitDirection.UpperBound, Level = DegradationLevel.ReducedAi,
        Description = "the largest quality gap between segments over 24h, each with at least minSamples labels (0.10 = 10 points)",
        Get = t => t.Fairness, With = (t, l) => t with { Fairness = l },
        Base = DomainDefaults.FairnessGap,
        OnlyWindow = (WindowSpan.OneDay, "segment quality is kept over the last 24 hours"),
    };

    public static readonly LimitDeclaration MinVolume = new()
    {
        Name = "min-volume", Field = "minVolume", Reading = Readings.Volume, Kind = LimitKind.Count,
        Direction = LimitDirection.LowerCount, Level = DegradationLevel.ReducedAi,
        Description = "predictions in the window, at least (0 turns it off)",
        Get = t => t.MinVolume, With = (t, l) => t with { MinVolume = l! },
    };

    /// <summary>Every limit, in the order the level evaluator judges them.</summary>
    public static readonly IReadOnlyList<LimitDeclaration> Limits =
        [ErrorState, ErrorRate, TimeoutRate, LatencyP95, FallbackRate, Coverage, InputDrift, Diversity, Fairness, MinVolume];

    /// <summary>The limit under a request field ("errorRate"), or null.</summary>
    public static LimitDeclaration? ByField(string field) => Limits.FirstOrDefault(l => l.Field == field);

    /// <summary>The quality targets' field and the hysteresis': the two thresholds that are not limits.</summary>
    public const string QualityField = "quality";
    public const string HysteresisField = "hysteresis";

    /// <summary>The breach names of the quality targets (README "Degradation policy").</summary>
    public const string QualityBelowBaseline = "quality-below-baseline";
    public const string QualityBelowLaunch = "quality-below-launch";

    // Two decimals so a value just under a round limit never prints as the limit itself.
    public static string Pct(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Ms(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static double? Sum(double? a, double? b) => a is null || b is null ? null : a + b;
}
