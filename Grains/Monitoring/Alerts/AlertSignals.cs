using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>
/// The names of the signals a model provides at each evaluation, in one place. A signal is a named
/// number, windowed ones written "name@window" ("errorRate@5m"); null means "not judged" (too few
/// samples, no labels yet). Rules on the raw signals suit one model or one domain; the scale-free
/// ones (<see cref="QualityDrop"/>, <see cref="LatencyVsLimit"/>) let one rule serve the whole fleet,
/// whose models each have their own bars.
/// </summary>
public static class AlertSignals
{
    /// <summary>The model's degradation level, 1 (full AI) to 5 (error state).</summary>
    public const string Level = "level";
    /// <summary>Share of the input features whose drift statistic crosses its threshold, 0..1.</summary>
    public const string DriftShare = "drift.share";
    /// <summary>The largest population stability index over the features.</summary>
    public const string PsiMax = "psi.max";
    /// <summary>
    /// Data quality over the last hour, the worst feature's (see <see cref="Drift.FeatureQuality"/>); null until the
    /// reference is fitted and the hour holds <see cref="ModelSignals.DataQualityMinRows"/> predictions. Missing: the
    /// largest rise of a missing rate (absent or null) over the reference's, 0..1.
    /// </summary>
    public const string MissingRise = "quality.missing";
    /// <summary>The largest out-of-range rate beyond what an unchanged feature gives (2/(N+1)), 0..1.</summary>
    public const string OutOfRange = "quality.outOfRange";
    /// <summary>The largest share of a categorical feature's values in categories its reference never saw, 0..1.</summary>
    public const string UnseenCategories = "quality.unseen";
    /// <summary>The largest share of a feature's present values arriving with the other type (a type change), 0..1.</summary>
    public const string WrongType = "quality.wrongType";
    /// <summary>1 when a change detector on the quality stream fired at this evaluation, else 0.</summary>
    public const string QualityDetector = "detector.quality";
    /// <summary>1 while Page-Hinkley on per-minute latency saw it rise within the last hour, else 0.</summary>
    public const string LatencyDetector = "detector.latency";
    /// <summary>The largest 24h quality gap between segments with enough labels, 0..1 (fairness).</summary>
    public const string FairnessGap = "fairness.gap";
    /// <summary>
    /// The gap the model's own fairness limit judges (its window and labels per segment) over that limit: above 1 it
    /// breaches. Absent when the model has no limit: MAE models by default, models registered without thresholds.
    /// </summary>
    public const string FairnessGapVsLimit = "fairness.gap.vsLimit";

    public const string Quality = "quality";
    public const string LatencyP95 = "latencyP95";
    /// <summary>Share of requests that failed: errors and timeouts together, 0..1.</summary>
    public const string ErrorRate = "errorRate";
    /// <summary>Share of requests that timed out (already part of <see cref="ErrorRate"/>), 0..1.</summary>
    public const string TimeoutRate = "timeoutRate";
    public const string FallbackRate = "fallbackRate";
    public const string Coverage = "coverage";
    public const string Volume = "volume";
    /// <summary>Share of requests slower than the model's latency limit (the latency SLI), 0..1.</summary>
    public const string SlowShare = "slowShare";
    /// <summary>
    /// P95 latency divided by the model's own P95 limit: above 1 is over budget, whatever the model. Null while the window
    /// holds fewer requests than the limit's minimum samples (100 by default), as for the level's latency check.
    /// </summary>
    public const string LatencyVsLimit = "latencyP95.vsLimit";
    /// <summary>
    /// How far 24 h quality has fallen below 30-day quality, relative to the 30-day value and positive
    /// when worse: (q30d - q24h) / q30d, or (q24h - q30d) / q30d for lower-is-better metrics (MAE).
    /// See <see cref="RelativeDrop"/>.
    /// </summary>
    public const string QualityDrop = "quality.drop";

    /// <summary>The product owner's readings (README "Product owner's readings"), each per owner window: "optOut.rate@7d".</summary>
    public const string EngagementRate = "engagement.rate";
    /// <summary>Opt-outs per prediction, 0..1; null below <see cref="Owner.OwnerReadings.MinPredictions"/> predictions.</summary>
    public const string OptOutRate = "optOut.rate";
    /// <summary>Share of feedback that was a thumbs up, 0..1.</summary>
    public const string Sentiment = "feedback.sentiment";
    public const string ValuePer1000 = "value.per1000";
    /// <summary>Value per 1,000 predictions minus value per 1,000 holdout requests.</summary>
    public const string UpliftPer1000 = "value.uplift";
    /// <summary>(Uplift per prediction - cost per prediction) / cost per prediction.</summary>
    public const string ReturnOnCost = "return";
    /// <summary>
    /// How far the last 24 hours' predictions fell below the average day of the week before today, 0..1 (0.3 = 30 % fewer);
    /// see <see cref="Owner.OwnerReadings.VolumeDrop"/>.
    /// </summary>
    public const string VolumeDrop = "volume.drop@24h";

    /// <summary>An owner signal's name over one owner window: <c>Owner("optOut.rate", OwnerWindow.SevenDays)</c> is "optOut.rate@7d".</summary>
    public static string Owner(string name, Fleet.Snapshots.OwnerWindow window) =>
        OwnerNames[(int)window].GetOrAdd(name, static (n, w) => $"{n}@{OwnerWindowName(w)}", window);

    private static string OwnerWindowName(Fleet.Snapshots.OwnerWindow window) => window switch
    {
        Fleet.Snapshots.OwnerWindow.OneDay => "24h",
        Fleet.Snapshots.OwnerWindow.SevenDays => "7d",
        _ => "30d",
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>[] OwnerNames =
        Enum.GetValues<Fleet.Snapshots.OwnerWindow>().Select(_ => new System.Collections.Concurrent.ConcurrentDictionary<string, string>(ReferenceEqualityComparer.Instance)).ToArray();

    /// <summary>A windowed signal's name: <c>Windowed("errorRate", WindowSpan.FiveMinutes)</c> is "errorRate@5m".</summary>
    /// <remarks>
    /// Formatted once per (name, window): every model's every evaluation asks for ~40 of them. Looked up by the
    /// name's reference (signal names are constants or a rule's own string), so no lookup hashes the text.
    /// </remarks>
    public static string Windowed(string name, WindowSpan window) =>
        WindowedNames[(int)window].GetOrAdd(name, static (n, w) => $"{n}@{w.Name()}", window);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string>[] WindowedNames =
        Enum.GetValues<WindowSpan>().Select(_ => new System.Collections.Concurrent.ConcurrentDictionary<string, string>(ReferenceEqualityComparer.Instance)).ToArray();

    /// <summary>
    /// The <see cref="QualityDrop"/> signal from the current and reference quality: null when either is
    /// unknown or the reference is zero (no scale to measure a drop against).
    /// </summary>
    public static double? RelativeDrop(double? current, double? reference, bool lowerIsBetter)
    {
        if (current is not { } c || reference is not { } r || r == 0) return null;
        return lowerIsBetter ? (c - r) / Math.Abs(r) : (r - c) / Math.Abs(r);
    }

    /// <summary>The <see cref="LatencyVsLimit"/> signal; null without a latency or a positive limit.</summary>
    public static double? Ratio(double? value, double limit) =>
        value is { } v && limit > 0 ? v / limit : null;

    /// <summary>Reads a signal; missing, null and NaN all mean "not judged".</summary>
    public static double? Read(IReadOnlyDictionary<string, double?> signals, string name) =>
        signals.TryGetValue(name, out var value) && value is { } v && !double.IsNaN(v) ? v : null;
}
