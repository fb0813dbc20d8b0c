using System.Globalization;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Judges a model's windows against its thresholds and lists what is breached, each breach carrying
/// the level it calls for (the documented policy, README "Degradation policy"):
/// <list type="table">
/// <item>error-state: errors + timeouts at or above the error-state share, nothing can be served -> 5</item>
/// <item>quality-below-baseline: the model is worse than no model -> 4</item>
/// <item>quality-below-launch, error-rate, timeout-rate, latency-p95: untrustworthy or unavailable -> 3</item>
/// <item>fallback-rate, coverage, min-volume, input-drift, diversity, fairness-gap: working, but serving less of the
/// traffic (or of its users) well -> 2</item>
/// </list>
/// A threshold whose window holds fewer than its minimum samples is not judged.
/// </summary>
public static class ThresholdEvaluator
{
    /// <param name="unproven">
    /// Thresholds that hold the model at its level: when one of them is not judged (too few samples,
    /// e.g. no traffic), it stays breached, because silence is no evidence of recovery. Null when
    /// judging whether to get worse, where only evidence counts.
    /// </param>
    public static List<Breach> Evaluate(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, double margin,
        IReadOnlyCollection<HeldBreach>? unproven = null, InputSignals? inputs = null)
    {
        var t = model.Thresholds;
        var breaches = new List<Breach>();

        // The words take the model and the value rather than capturing them, so no delegate is allocated per evaluation:
        // this runs twice after every batch, and the words are needed only for a breach.
        void Check(string name, Limit limit, Func<WindowMetrics, (double? Value, long Samples)> read,
            LimitDirection direction, DegradationLevel severity, Func<Thresholds, double, string> describe, bool inclusive = false)
        {
            var (value, samples) = read(windows[limit.Window]);
            if (value is not { } v || samples < limit.MinSamples)
            {
                Unjudged(name, limit.Window, samples, limit.MinSamples, unproven, breaches);
                return;
            }
            if (!direction.IsBreached(v, limit.Value, margin, inclusive)) return;
            breaches.Add(new Breach(name, limit.Window, v, limit.Value, severity, describe(t, v)));
        }

        Check("error-state", t.ErrorState, w => (Sum(w.ErrorRate, w.TimeoutRate), w.Volume),
            LimitDirection.UpperBound, DegradationLevel.ErrorState, inclusive: true, describe:
            static (t, v) => $"errors and timeouts are {Pct(v)} of {t.ErrorState.Window.Name()} traffic (error state at {Pct(t.ErrorState.Value)}): nothing can be served");

        CheckQuality(model, windows, margin, unproven, breaches);

        Check("error-rate", t.ErrorRate, w => (w.ErrorRate, w.Volume), LimitDirection.UpperBound, DegradationLevel.RulesFallback,
            static (t, v) => $"error rate {Pct(v)} over {t.ErrorRate.Window.Name()} exceeds {Pct(t.ErrorRate.Value)}");
        Check("timeout-rate", t.TimeoutRate, w => (w.TimeoutRate, w.Volume), LimitDirection.UpperBound, DegradationLevel.RulesFallback,
            static (t, v) => $"timeout rate {Pct(v)} over {t.TimeoutRate.Window.Name()} exceeds {Pct(t.TimeoutRate.Value)}");
        Check("latency-p95", t.LatencyP95Ms, w => (w.LatencyP95, w.Volume), LimitDirection.UpperBound, DegradationLevel.RulesFallback,
            static (t, v) => $"latency P95 {Ms(v)} over {t.LatencyP95Ms.Window.Name()} exceeds {Ms(t.LatencyP95Ms.Value)}");
        Check("fallback-rate", t.FallbackRate, w => (w.FallbackRate, w.Volume), LimitDirection.UpperBound, DegradationLevel.ReducedAi,
            static (t, v) => $"fallback served {Pct(v)} of {t.FallbackRate.Window.Name()} traffic (limit {Pct(t.FallbackRate.Value)})");
        Check("coverage", t.Coverage, w => (w.Coverage, w.Volume), LimitDirection.LowerFraction, DegradationLevel.ReducedAi,
            static (t, v) => $"coverage {Pct(v)} over {t.Coverage.Window.Name()} is below {Pct(t.Coverage.Value)}");
        // The input thresholds read the drift tracker's hour, not the windows: same rule, other source.
        void CheckInput(string name, Limit? limit, double? value, long rows, bool inclusive, Func<ModelDefinition, double, string> describe)
        {
            if (limit is null || inputs is null) return;
            if (value is not { } v || rows < limit.MinSamples)
            {
                Unjudged(name, limit.Window, rows, limit.MinSamples, unproven, breaches);
                return;
            }
            if (LimitDirection.UpperBound.IsBreached(v, limit.Value, margin, inclusive))
                breaches.Add(new Breach(name, limit.Window, v, limit.Value, DegradationLevel.ReducedAi, describe(model, v)));
        }

        CheckInput("input-drift", t.InputDrift, inputs?.DriftedShare, inputs?.DriftRows ?? 0, inclusive: true,
            static (m, v) => $"{Pct(v)} of input features drifted over the last hour (limit {Pct(m.Thresholds.InputDrift!.Value)})");
        CheckInput("diversity", t.Diversity, inputs?.TopCategoryShare, inputs?.CategoryRows ?? 0, inclusive: false,
            static (m, v) => $"the top item category is {Pct(v)} of what the model showed over the last hour (limit {Pct(m.Thresholds.Diversity!.Value)})");
        CheckInput("fairness-gap", t.Fairness, inputs?.FairnessGap, inputs?.FairnessSamples ?? 0, inclusive: false,
            static (m, v) => $"{MetricName(m.QualityMetric)} differs by {QualityText(m.QualityMetric, v)} between segments over 24h " +
                 $"(limit {QualityText(m.QualityMetric, m.Thresholds.Fairness!.Value)})");
        if (t.MinVolume.Value > 0)
        {
            Check("min-volume", t.MinVolume, w => (w.Volume, long.MaxValue), LimitDirection.LowerCount, DegradationLevel.ReducedAi,
                static (t, v) => $"{v:N0} predictions over {t.MinVolume.Window.Name()}, below the floor of {t.MinVolume.Value:N0}");
        }
        return breaches;
    }

    private static void CheckQuality(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, double margin,
        IReadOnlyCollection<HeldBreach>? unproven, List<Breach> breaches)
    {
        var targets = model.Thresholds.Quality;
        var metrics = windows[targets.Window];
        if (metrics.Quality is not { } quality || metrics.QualitySamples < targets.MinSamples)
        {
            Unjudged("quality-below-baseline", targets.Window, metrics.QualitySamples, targets.MinSamples, unproven, breaches);
            Unjudged("quality-below-launch", targets.Window, metrics.QualitySamples, targets.MinSamples, unproven, breaches);
            return;
        }
        var metric = model.QualityMetric;
        var direction = metric.LowerIsBetter() ? LimitDirection.UpperBound : LimitDirection.LowerFraction;
        var window = targets.Window.Name();
        var n = $"N = {metrics.QualitySamples:N0}";

        if (model.Baseline is { } baseline && direction.IsBreached(quality, baseline, margin, inclusive: true))
        {
            breaches.Add(new Breach("quality-below-baseline", targets.Window, quality, baseline, DegradationLevel.GenericFallback,
                $"{MetricName(metric)} {QualityText(metric, quality)} over {window} ({n}) is no better than the {QualityText(metric, baseline)} baseline"));
        }
        else if (direction.IsBreached(quality, targets.Launch, margin))
        {
            breaches.Add(new Breach("quality-below-launch", targets.Window, quality, targets.Launch, DegradationLevel.RulesFallback,
                $"{MetricName(metric)} {QualityText(metric, quality)} over {window} ({n}) {(metric.LowerIsBetter() ? "is worse than" : "is below")} the launch bar of {QualityText(metric, targets.Launch)}"));
        }
    }

    private static void Unjudged(string name, WindowSpan window, long samples, long needed,
        IReadOnlyCollection<HeldBreach>? unproven, List<Breach> breaches)
    {
        if (unproven?.FirstOrDefault(h => h.Threshold == name) is not { } held) return;
        breaches.Add(new Breach(name, window, samples, needed, held.Severity,
            $"{name} cannot be judged ({samples:N0} of {needed:N0} samples over {window.Name()}): no evidence of recovery"));
    }

    public static string MetricName(QualityMetricKind metric) => metric switch
    {
        QualityMetricKind.Mae => "MAE",
        _ => metric.ToString().ToLowerInvariant(),
    };

    public static string QualityText(QualityMetricKind metric, double value) =>
        metric.LowerIsBetter() ? value.ToString("0.###", CultureInfo.InvariantCulture) : Pct(value);

    private static double? Sum(double? a, double? b) => a is null || b is null ? null : a + b;

    // Two decimals so a value just under a round limit never prints as the limit itself.
    private static string Pct(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Ms(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
}
