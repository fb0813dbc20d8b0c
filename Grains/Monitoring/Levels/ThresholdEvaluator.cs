using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Judges a model's readings (<see cref="ModelReadings"/>, the same ones the alert rules read) against its thresholds
/// and lists what is breached, each breach carrying the level it calls for (the documented policy, README "Degradation
/// policy"):
/// <list type="table">
/// <item>error-state: errors + timeouts at or above the error-state share, nothing can be served -> 5</item>
/// <item>quality-below-baseline: the model is worse than no model -> 4</item>
/// <item>quality-below-launch, error-rate, timeout-rate, latency-p95: untrustworthy or unavailable -> 3</item>
/// <item>fallback-rate, coverage, min-volume, input-drift, diversity, fairness-gap: working, but serving less of the
/// traffic (or of its users) well -> 2</item>
/// </list>
/// A limit reads its declared reading (<see cref="LimitDeclaration.Reading"/>) and judges it from the limit's own
/// minimum of samples (<see cref="ReadingValue.JudgedFrom"/>). A reading produced per window whose own window holds too
/// few samples is read over the next longer window that does (<see cref="WindowSpans.TrafficLadder"/>: up to 24 h), so a
/// quiet model's outage is still seen; a threshold that no window can judge is not judged, never breached.
/// </summary>
/// <remarks>The limits, their readings, words and the levels they call for are declared in <see cref="ThresholdCatalogue"/>.</remarks>
public static class ThresholdEvaluator
{
    private const string QualityBelowBaseline = ThresholdCatalogue.QualityBelowBaseline;
    private const string QualityBelowLaunch = ThresholdCatalogue.QualityBelowLaunch;

    /// <summary>Said of a threshold no window can judge: what the API and the page show.</summary>
    public const string NotJudged = "not judged: too little traffic";

    /// <summary>Thresholds whose signal a new model version starts afresh (its quality, drift and segments).</summary>
    public static bool StartsWithVersion(string threshold) =>
        threshold == QualityBelowBaseline || threshold == QualityBelowLaunch || threshold == ThresholdCatalogue.InputDrift.Name
        || threshold == ThresholdCatalogue.Diversity.Name || threshold == ThresholdCatalogue.Fairness.Name;

    /// <param name="unproven">
    /// Thresholds that hold the model at its level: when one of them is not judged (too few samples,
    /// e.g. no traffic), it is listed as a breach that is not <see cref="Breach.Judged"/>, because silence is no
    /// evidence of recovery. Null when judging whether to get worse, where only evidence counts.
    /// </param>
    /// <param name="shown">When given, receives every threshold's reading as judged (for the snapshot, not the hot path).</param>
    /// <returns>The breaches, in the order the thresholds are judged; an empty list allocates nothing.</returns>
    public static IReadOnlyList<Breach> Evaluate(
        ModelDefinition model, ModelReadings readings, double margin,
        IReadOnlyCollection<HeldBreach>? unproven = null, List<ThresholdReading>? shown = null)
    {
        // Made on the first breach: most evaluations of most models breach nothing.
        List<Breach>? breaches = null;
        Check(model, ThresholdCatalogue.ErrorState, readings, margin, unproven, ref breaches, shown);
        CheckQuality(model, readings, margin, unproven, ref breaches, shown);
        var limits = ThresholdCatalogue.Limits;
        for (var i = 0; i < limits.Count; i++)
        {
            if (limits[i] != ThresholdCatalogue.ErrorState) Check(model, limits[i], readings, margin, unproven, ref breaches, shown);
        }
        return breaches ?? (IReadOnlyList<Breach>)Array.Empty<Breach>();
    }

    // The words are built only for a breach: this runs twice after every batch.
    private static void Check(ModelDefinition model, LimitDeclaration d, ModelReadings readings, double margin,
        IReadOnlyCollection<HeldBreach>? unproven, ref List<Breach>? breaches, List<ThresholdReading>? shown)
    {
        if (d.Of(model.Thresholds) is not { } limit) return;
        var needed = d.SamplesNeeded(limit);
        var window = limit.Window;
        var read = readings.Slot(d.KeyAt(window));
        if (d.PerWindow)
        {
            foreach (var span in limit.Window.TrafficLadder())
            {
                window = span;
                read = readings.Slot(d.KeyAt(span));
                // Only too few samples sends the reading to a longer window; a value that cannot be computed over enough
                // samples (no fallback rate when the ladder itself served every request) is not judged.
                if (read.Samples >= needed) break;
            }
        }
        if (!read.JudgedFrom(needed))
        {
            shown?.Add(new ThresholdReading(d.Name, d.Level, window, limit.Window, read.Value, read.Samples, needed, limit.Value,
                Judged: false, Breached: false, NotJudged));
            Unjudged(d.Name, window, read.Samples, needed, unproven, ref breaches);
            return;
        }
        var value = read.Value!.Value;
        var breached = d.Direction.IsBreached(value, limit.Value, margin, d.Inclusive);
        shown?.Add(new ThresholdReading(d.Name, d.Level, window, limit.Window, value, read.Samples, needed, limit.Value,
            Judged: true, breached, breached ? "breached" : "within limit"));
        if (!breached) return;
        var over = window == limit.Window ? "" : $" (judged over {window.Name()}: {limit.Window.Name()} held too few samples)";
        (breaches ??= []).Add(new Breach(d.Name, window, value, limit.Value, d.Level, d.Words(limit, value, window, model.QualityMetric) + over));
    }

    private static void CheckQuality(ModelDefinition model, ModelReadings readings, double margin,
        IReadOnlyCollection<HeldBreach>? unproven, ref List<Breach>? breaches, List<ThresholdReading>? shown)
    {
        var targets = model.Thresholds.Quality;
        var read = readings.Slot(Readings.Quality.At(targets.Window));
        var metric = model.QualityMetric;
        var direction = metric.LowerIsBetter() ? LimitDirection.UpperBound : LimitDirection.LowerFraction;
        var judged = read.JudgedFrom(targets.MinSamples);
        void Show(string name, double limit, DegradationLevel severity, bool breached) =>
            shown?.Add(new ThresholdReading(name, severity, targets.Window, targets.Window, read.Value, read.Samples,
                targets.MinSamples, limit, judged, breached, !judged ? "not judged: too few labels" : breached ? "breached" : "within limit"));
        if (!judged)
        {
            if (model.Baseline is { } b) Show(QualityBelowBaseline, b, DegradationLevel.GenericFallback, false);
            Show(QualityBelowLaunch, targets.Launch, DegradationLevel.RulesFallback, false);
            Unjudged(QualityBelowBaseline, targets.Window, read.Samples, targets.MinSamples, unproven, ref breaches);
            Unjudged(QualityBelowLaunch, targets.Window, read.Samples, targets.MinSamples, unproven, ref breaches);
            return;
        }
        var quality = read.Value!.Value;
        var window = targets.Window.Name();
        var n = $"N = {read.Samples:N0}";

        var belowBaseline = model.Baseline is { } baseline && direction.IsBreached(quality, baseline, margin, inclusive: true);
        if (model.Baseline is { } bar) Show(QualityBelowBaseline, bar, DegradationLevel.GenericFallback, belowBaseline);
        var belowLaunch = direction.IsBreached(quality, targets.Launch, margin);
        Show(QualityBelowLaunch, targets.Launch, DegradationLevel.RulesFallback, belowLaunch);
        if (belowBaseline)
        {
            (breaches ??= []).Add(new Breach(QualityBelowBaseline, targets.Window, quality, model.Baseline!.Value, DegradationLevel.GenericFallback,
                $"{Name(metric)} {Text(metric, quality)} over {window} ({n}) is no better than the {Text(metric, model.Baseline.Value)} baseline"));
        }
        else if (belowLaunch)
        {
            (breaches ??= []).Add(new Breach(QualityBelowLaunch, targets.Window, quality, targets.Launch, DegradationLevel.RulesFallback,
                $"{Name(metric)} {Text(metric, quality)} over {window} ({n}) {(metric.LowerIsBetter() ? "is worse than" : "is below")} the launch bar of {Text(metric, targets.Launch)}"));
        }
    }

    private static void Unjudged(string name, WindowSpan window, long samples, long needed,
        IReadOnlyCollection<HeldBreach>? unproven, ref List<Breach>? breaches)
    {
        if (unproven is null) return;
        HeldBreach? held = null;
        foreach (var h in unproven)
        {
            if (h.Threshold == name) { held = h; break; }
        }
        if (held is null) return;
        (breaches ??= []).Add(new Breach(name, window, samples, needed, held.Severity,
            $"{name} cannot be judged ({samples:N0} of {needed:N0} samples over {window.Name()}): no evidence of recovery", Judged: false));
    }

    private static string Name(QualityMetricKind metric) => ThresholdCatalogue.MetricName(metric);

    private static string Text(QualityMetricKind metric, double value) => ThresholdCatalogue.QualityText(metric, value);
}
