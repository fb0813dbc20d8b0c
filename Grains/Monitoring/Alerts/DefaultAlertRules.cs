using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>
/// The rules every fleet starts with. Per-model bars (launch quality, latency budget, error limit)
/// already move the degradation level, so the level is the one page-worthy threshold; the others
/// warn earlier or about things the level does not see (drift, trends). Fleet-wide rules read
/// scale-free readings so one rule fits a 100 ms spam filter and a 2 s imaging model alike.
/// <list type="table">
/// <item><b>model-degraded</b>: level &gt;= 3 (rules-based fallback or worse), for 0, page. No keep_firing_for:
/// the level has its own recovery hysteresis (10 minutes clear by a margin).</item>
/// <item><b>quality-drop</b>: quality.drop@24h &gt; 0.05 — 24 h quality 5% (relative) worse than its 30-day
/// level — for 1h, keep firing 1h, warning. The slow slide the level misses until the launch bar.</item>
/// <item><b>latency-budget</b>: latencyP95.vsLimit@5m &gt; 0.9 — P95 within 10% of the model's own limit —
/// for 15m, keep firing 15m, warning. The breach itself moves the level (and pages via model-degraded).</item>
/// <item><b>error-rate</b>: errorRate@5m &gt; 0.01 (the default error limit) for 5m, keep firing 10m, warning:
/// the level reacts to the first breached window; this says the errors are sustained.</item>
/// <item><b>input-drift</b>: drift.share &gt; 0.3 for 10m, keep firing 30m, warning: a third of the features
/// moved; quality may follow before labels show it.</item>
/// <item><b>quality-detector</b>: detector.quality &gt;= 1, for 0, keep firing 1h, warning: a change detector
/// fires for one evaluation; keeping it an hour lets a human see it.</item>
/// <item><b>latency-detector</b>: detector.latency &gt;= 1, for 0, keep firing 1h, warning: Page-Hinkley on per-minute
/// latency saw a rise, typically long before latency-budget (P95 near its limit) would.</item>
/// <item><b>feature-missing</b>, <b>feature-out-of-range</b>, <b>feature-unseen-categories</b>, <b>feature-type-change</b>:
/// data quality over the last hour (judged from 100 predictions), the worst feature's: its missing rate 10 points
/// above its reference's; 5 % of its values beyond the reference's range (beyond what an unchanged feature gives);
/// 5 % of its values in categories the reference never saw; 5 % of its values arriving with the other type. Each for
/// 10m (a type change 5m: no sampling noise makes a number arrive as a string), keep firing 30m, warning. A broken
/// pipeline that drifts no distribution (half the values missing) is seen here.</item>
/// <item><b>volume-drop</b>: volume.drop@24h &gt; 0.30 — the last 24 hours' predictions 30 % below the average day of the
/// week before (domain.md: "prediction volume drops by more than Y %") — for 1h, keep firing 1h, warning. Judged only
/// with a week of history averaging 100 predictions a day.</item>
/// <item><b>opt-out-rate</b>: optOut.rate@7d &gt; 0.02 — more than 2 % of the last 7 days' predictions ended in an
/// opt-out — for 1h, keep firing 6h, warning. Judged from 1,000 predictions with user responses reported.</item>
/// <item><b>availability-burn</b>: errors + timeouts against a 99.5% objective (the uptime criterion in the
/// domain notes) with <see cref="BurnRateRule.StandardWindows"/>: page at 14.4x over 1h and 5m, warn at 3x over
/// 24h and 1h, and at 1x over 30d and 24h.</item>
/// </list>
/// </summary>
public static class DefaultAlertRules
{
    public static readonly AlertRule ModelDegraded = new(
        "model-degraded", Readings.Level.Key, Comparison.AtOrAbove, (int)DegradationLevel.RulesFallback,
        For: TimeSpan.Zero, KeepFiringFor: TimeSpan.Zero, AlertSeverity.Page, AlertScope.Fleet,
        "model serves a fallback (level 3 or worse)");

    public static readonly AlertRule QualityDrop = new(
        "quality-drop", Readings.QualityDrop.At(WindowSpan.OneDay), Comparison.Above, 0.05,
        For: TimeSpan.FromHours(1), KeepFiringFor: TimeSpan.FromHours(1), AlertSeverity.Warning, AlertScope.Fleet,
        "24h quality fell more than 5% below its 30-day level");

    public static readonly AlertRule LatencyBudget = new(
        "latency-budget", Readings.LatencyVsLimit.At(WindowSpan.FiveMinutes), Comparison.Above, 0.9,
        For: TimeSpan.FromMinutes(15), KeepFiringFor: TimeSpan.FromMinutes(15), AlertSeverity.Warning, AlertScope.Fleet,
        "P95 latency within 10% of its limit");

    public static readonly AlertRule ErrorRate = new(
        "error-rate", Readings.ErrorRate.At(WindowSpan.FiveMinutes), Comparison.Above, 0.01,
        For: TimeSpan.FromMinutes(5), KeepFiringFor: TimeSpan.FromMinutes(10), AlertSeverity.Warning, AlertScope.Fleet,
        "error rate above 1%");

    public static readonly AlertRule InputDrift = new(
        "input-drift", Readings.DriftShare.Key, Comparison.Above, 0.3,
        For: TimeSpan.FromMinutes(10), KeepFiringFor: TimeSpan.FromMinutes(30), AlertSeverity.Warning, AlertScope.Fleet,
        "more than 30% of input features drifted");

    public static readonly AlertRule QualityDetector = new(
        "quality-detector", Readings.QualityDetector.Key, Comparison.AtOrAbove, 1,
        For: TimeSpan.Zero, KeepFiringFor: TimeSpan.FromHours(1), AlertSeverity.Warning, AlertScope.Fleet,
        "a change detector saw quality shift");

    public static readonly AlertRule LatencyDetector = new(
        "latency-detector", Readings.LatencyDetector.Key, Comparison.AtOrAbove, 1,
        For: TimeSpan.Zero, KeepFiringFor: TimeSpan.FromHours(1), AlertSeverity.Warning, AlertScope.Fleet,
        "a change detector saw latency rise");

    /// <summary>
    /// domain.md: quality may differ by at most 10 points across age, gender or region groups. Read against each
    /// model's own limit (10 points by default, none for MAE, whose gap is in the target's units, not points).
    /// </summary>
    public static readonly AlertRule FairnessGap = new(
        "fairness-gap", Readings.FairnessGapVsLimit.Key, Comparison.Above, 1.0,
        For: TimeSpan.FromMinutes(30), KeepFiringFor: TimeSpan.FromHours(1), AlertSeverity.Warning, AlertScope.Fleet,
        "quality differs between segments by more than the model's fairness limit (24h)");

    public static readonly AlertRule FeatureMissing = new(
        "feature-missing", Readings.MissingRise.Key, Comparison.Above, 0.10,
        For: TimeSpan.FromMinutes(10), KeepFiringFor: TimeSpan.FromMinutes(30), AlertSeverity.Warning, AlertScope.Fleet,
        "a feature's missing rate rose more than 10 points above its reference's (1h)");

    public static readonly AlertRule FeatureOutOfRange = new(
        "feature-out-of-range", Readings.OutOfRange.Key, Comparison.Above, 0.05,
        For: TimeSpan.FromMinutes(10), KeepFiringFor: TimeSpan.FromMinutes(30), AlertSeverity.Warning, AlertScope.Fleet,
        "more than 5% of a feature's values fell outside its reference's range (1h)");

    public static readonly AlertRule FeatureUnseenCategories = new(
        "feature-unseen-categories", Readings.UnseenCategories.Key, Comparison.Above, 0.05,
        For: TimeSpan.FromMinutes(10), KeepFiringFor: TimeSpan.FromMinutes(30), AlertSeverity.Warning, AlertScope.Fleet,
        "more than 5% of a feature's values are categories its reference never saw (1h)");

    public static readonly AlertRule FeatureTypeChange = new(
        "feature-type-change", Readings.WrongType.Key, Comparison.Above, 0.05,
        For: TimeSpan.FromMinutes(5), KeepFiringFor: TimeSpan.FromMinutes(30), AlertSeverity.Warning, AlertScope.Fleet,
        "more than 5% of a feature's values arrive with the other type (1h)");

    public static readonly AlertRule VolumeDrop = new(
        "volume-drop", Readings.VolumeDrop.At(WindowSpan.OneDay), Comparison.Above, 0.30,
        For: TimeSpan.FromHours(1), KeepFiringFor: TimeSpan.FromHours(1), AlertSeverity.Warning, AlertScope.Fleet,
        "predictions over the last 24h fell more than 30% below the average day of the week before");

    public static readonly AlertRule OptOutRate = new(
        "opt-out-rate", Readings.OptOutRate.At(Fleet.Snapshots.OwnerWindow.SevenDays), Comparison.Above, 0.02,
        For: TimeSpan.FromHours(1), KeepFiringFor: TimeSpan.FromHours(6), AlertSeverity.Warning, AlertScope.Fleet,
        "more than 2% of the last 7 days' predictions ended in an opt-out");

    public static readonly BurnRateRule AvailabilityBurn = new(
        "availability-burn", ServiceLevelIndicator.Availability, Objective: 0.995, BurnRateRule.StandardWindows, AlertScope.Fleet,
        "availability (errors + timeouts) burns its 99.5% error budget");

    public static readonly AlertRuleSet Set = new(
        [ModelDegraded, QualityDrop, LatencyBudget, ErrorRate, InputDrift, QualityDetector, LatencyDetector, FairnessGap,
         FeatureMissing, FeatureOutOfRange, FeatureUnseenCategories, FeatureTypeChange, VolumeDrop, OptOutRate],
        [AvailabilityBurn]);
}
