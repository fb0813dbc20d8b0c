using System.Globalization;
using Fleet.Catalogue;
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
/// A traffic threshold (latency, error, timeout, fallback, coverage, error state) whose own window holds fewer than
/// its minimum samples is read over the next longer window that does (<see cref="WindowSpans.TrafficLadder"/>: up to
/// 24 h), so a quiet model's outage is still seen; a threshold that no window can judge is not judged, never breached.
/// </summary>
/// <remarks>The limits, their words and the levels they call for are declared in <see cref="ThresholdCatalogue"/>.</remarks>
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
    /// <param name="readings">When given, receives every threshold's reading (for the snapshot, not the hot path).</param>
    public static List<Breach> Evaluate(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, double margin,
        IReadOnlyCollection<HeldBreach>? unproven = null, InputSignals? inputs = null, List<ThresholdReading>? readings = null)
    {
        var t = model.Thresholds;
        var breaches = new List<Breach>();

        // The words take the model and the value rather than capturing them, so no delegate is allocated per evaluation:
        // this runs twice after every batch, and the words are needed only for a breach.
        void Check(LimitDeclaration d)
        {
            var (name, limit, read, direction, severity, inclusive) = (d.Name, t.Required(d), d.Traffic!, d.Direction, d.Level, d.Inclusive);
            double? value = null;
            long samples = 0;
            var window = limit.Window;
            foreach (var span in limit.Window.TrafficLadder())
            {
                window = span;
                (value, samples) = read(windows[span]);
                // Only too few samples sends the reading to a longer window; a value that cannot be computed over enough
                // samples (no fallback rate when the ladder itself served every request) is not judged.
                if (samples >= limit.MinSamples) break;
            }
            if (Judge(name, limit, window, value, samples, direction, severity, inclusive))
                Add(name, limit, window, value!.Value, severity, d.Words!(limit, value.Value, window));
        }

        // One reading, judged: true when it crosses its limit; an unjudged held threshold is listed as an unjudged breach.
        bool Judge(string name, Limit limit, WindowSpan window, double? value, long samples, LimitDirection direction,
            DegradationLevel severity, bool inclusive)
        {
            if (value is not { } v || samples < limit.MinSamples)
            {
                readings?.Add(new ThresholdReading(name, severity, window, limit.Window, value, samples, limit.MinSamples, limit.Value,
                    Judged: false, Breached: false, NotJudged));
                Unjudged(name, window, samples, limit.MinSamples, unproven, breaches);
                return false;
            }
            var breached = direction.IsBreached(v, limit.Value, margin, inclusive);
            readings?.Add(new ThresholdReading(name, severity, window, limit.Window, v, samples, limit.MinSamples, limit.Value,
                Judged: true, breached, breached ? "breached" : "within limit"));
            return breached;
        }

        void Add(string name, Limit limit, WindowSpan window, double value, DegradationLevel severity, string words)
        {
            var over = window == limit.Window ? "" : $" (judged over {window.Name()}: {limit.Window.Name()} held too few samples)";
            breaches.Add(new Breach(name, window, value, limit.Value, severity, words + over));
        }

        Check(ThresholdCatalogue.ErrorState);

        CheckQuality(model, windows, margin, unproven, breaches, readings);

        foreach (var declaration in ThresholdCatalogue.Limits)
        {
            if (declaration.Traffic is not null && declaration != ThresholdCatalogue.ErrorState) Check(declaration);
        }
        // The input thresholds read the drift tracker's hour (and the segments' day), not the windows: no longer window.
        Limit? JudgeInput(LimitDeclaration d, double? value, long samples) =>
            t[d] is { } limit && Judge(d.Name, limit, limit.Window, value, samples, d.Direction, d.Level, d.Inclusive) ? limit : null;
        void AddInput(LimitDeclaration d, Limit limit, double value, string words) => Add(d.Name, limit, limit.Window, value, d.Level, words);
        if (inputs is not null)
        {
            if (JudgeInput(ThresholdCatalogue.InputDrift, inputs.DriftedShare, inputs.DriftRows) is { } drift)
                AddInput(ThresholdCatalogue.InputDrift, drift, inputs.DriftedShare!.Value,
                    $"{Pct(inputs.DriftedShare.Value)} of input features drifted over the last hour (limit {Pct(drift.Value)})");
            if (JudgeInput(ThresholdCatalogue.Diversity, inputs.TopCategoryShare, inputs.CategoryRows) is { } diversity)
                AddInput(ThresholdCatalogue.Diversity, diversity, inputs.TopCategoryShare!.Value,
                    $"the top item category is {Pct(inputs.TopCategoryShare.Value)} of what the model showed over the last hour (limit {Pct(diversity.Value)})");
            if (JudgeInput(ThresholdCatalogue.Fairness, inputs.FairnessGap, inputs.FairnessSamples) is { } fairness)
                AddInput(ThresholdCatalogue.Fairness, fairness, inputs.FairnessGap!.Value,
                    $"{MetricName(model.QualityMetric)} differs by {QualityText(model.QualityMetric, inputs.FairnessGap.Value)} between segments over 24h " +
                    $"(limit {QualityText(model.QualityMetric, fairness.Value)})");
        }
        if (t.Required(ThresholdCatalogue.MinVolume) is { Value: > 0 } minVolume)
        {
            // A floor on volume needs no minimum of samples: the count itself is the reading.
            var floor = minVolume with { MinSamples = 0 };
            var volume = windows[floor.Window].Volume;
            var d = ThresholdCatalogue.MinVolume;
            if (Judge(d.Name, floor, floor.Window, volume, volume, d.Direction, d.Level, d.Inclusive))
                Add(d.Name, floor, floor.Window, volume, d.Level,
                    $"{volume:N0} predictions over {floor.Window.Name()}, below the floor of {floor.Value:N0}");
        }
        return breaches;
    }

    private static void CheckQuality(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, double margin,
        IReadOnlyCollection<HeldBreach>? unproven, List<Breach> breaches, List<ThresholdReading>? readings)
    {
        var targets = model.Thresholds.Quality;
        var metrics = windows[targets.Window];
        var metric = model.QualityMetric;
        var direction = metric.LowerIsBetter() ? LimitDirection.UpperBound : LimitDirection.LowerFraction;
        var judged = metrics.Quality is not null && metrics.QualitySamples >= targets.MinSamples;
        void Read(string name, double limit, DegradationLevel severity, bool breached) =>
            readings?.Add(new ThresholdReading(name, severity, targets.Window, targets.Window, metrics.Quality, metrics.QualitySamples,
                targets.MinSamples, limit, judged, breached, !judged ? "not judged: too few labels" : breached ? "breached" : "within limit"));
        if (metrics.Quality is not { } quality || !judged)
        {
            if (model.Baseline is { } b) Read(QualityBelowBaseline, b, DegradationLevel.GenericFallback, false);
            Read(QualityBelowLaunch, targets.Launch, DegradationLevel.RulesFallback, false);
            Unjudged(QualityBelowBaseline, targets.Window, metrics.QualitySamples, targets.MinSamples, unproven, breaches);
            Unjudged(QualityBelowLaunch, targets.Window, metrics.QualitySamples, targets.MinSamples, unproven, breaches);
            return;
        }
        var window = targets.Window.Name();
        var n = $"N = {metrics.QualitySamples:N0}";

        var belowBaseline = model.Baseline is { } baseline && direction.IsBreached(quality, baseline, margin, inclusive: true);
        if (model.Baseline is { } bar) Read(QualityBelowBaseline, bar, DegradationLevel.GenericFallback, belowBaseline);
        var belowLaunch = direction.IsBreached(quality, targets.Launch, margin);
        Read(QualityBelowLaunch, targets.Launch, DegradationLevel.RulesFallback, belowLaunch);
        if (belowBaseline)
        {
            breaches.Add(new Breach(QualityBelowBaseline, targets.Window, quality, model.Baseline!.Value, DegradationLevel.GenericFallback,
                $"{MetricName(metric)} {QualityText(metric, quality)} over {window} ({n}) is no better than the {QualityText(metric, model.Baseline.Value)} baseline"));
        }
        else if (belowLaunch)
        {
            breaches.Add(new Breach(QualityBelowLaunch, targets.Window, quality, targets.Launch, DegradationLevel.RulesFallback,
                $"{MetricName(metric)} {QualityText(metric, quality)} over {window} ({n}) {(metric.LowerIsBetter() ? "is worse than" : "is below")} the launch bar of {QualityText(metric, targets.Launch)}"));
        }
    }

    private static void Unjudged(string name, WindowSpan window, long samples, long needed,
        IReadOnlyCollection<HeldBreach>? unproven, List<Breach> breaches)
    {
        if (unproven is null) return;
        HeldBreach? held = null;
        foreach (var h in unproven)
        {
            if (h.Threshold == name) { held = h; break; }
        }
        if (held is null) return;
        breaches.Add(new Breach(name, window, samples, needed, held.Severity,
            $"{name} cannot be judged ({samples:N0} of {needed:N0} samples over {window.Name()}): no evidence of recovery", Judged: false));
    }

    public static string MetricName(QualityMetricKind metric) => metric switch
    {
        QualityMetricKind.Mae => "MAE",
        _ => metric.ToString().ToLowerInvariant(),
    };

    public static string QualityText(QualityMetricKind metric, double value) =>
        metric.LowerIsBetter() ? value.ToString("0.###", CultureInfo.InvariantCulture) : Pct(value);

    private static string Pct(double v) => ThresholdCatalogue.Pct(v);
}
