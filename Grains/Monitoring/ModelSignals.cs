using Fleet.Models;
using Fleet.Catalogue;
using Fleet.Monitoring.Drift;
using Fleet.Monitoring.Levels;
using Fleet.Snapshots;

namespace Fleet.Monitoring;

/// <summary>
/// Fills a model's <see cref="ModelReadings"/> at each evaluation (what each reading is: <see cref="Readings"/>): each
/// with the samples behind it, so the level thresholds and the alert rules judge the same values.
/// </summary>
public static class ModelSignals
{
    public static ModelReadings From(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections, InputSignals? inputs = null) =>
        Fill(new ModelReadings(), model, windows, level, drift, detections, inputs);

    /// <summary>
    /// <see cref="From"/> into <paramref name="signals"/>, emptied first: the same readings as a new instance, without
    /// allocating one at every evaluation.
    /// </summary>
    /// <param name="drift">The drift hour's report, for the largest PSI and the data quality readings.</param>
    /// <param name="inputs">What the inputs and segments say (drift share, top category, fairness gap, unlabelled).</param>
    public static ModelReadings Fill(ModelReadings signals,
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections, InputSignals? inputs = null)
    {
        signals.Clear();
        signals[Readings.Level.Key] = (int)level;
        signals.Set(Readings.DriftShare.Key, inputs?.DriftedShare, inputs?.DriftRows ?? 0, 0);
        signals[Readings.PsiMax.Key] = PsiMax(drift);
        FillDataQuality(signals, drift);
        signals.Set(Readings.TopCategoryShare.Key, inputs?.TopCategoryShare, inputs?.CategoryRows ?? 0, 0);
        signals[Readings.Unlabelled.Key] = inputs?.Unlabelled ?? 0;
        // The gap between segments holding the fairness limit's labels each (1,000 without a limit): the one the level judges.
        var fairness = model.Thresholds[ThresholdCatalogue.Fairness];
        var gapSamples = inputs?.FairnessSamples ?? 0;
        var gapNeeded = InputSignals.FairnessMinSamples(model);
        signals.Set(Readings.FairnessGap.Key, inputs?.FairnessGap, gapSamples, gapNeeded);
        signals.Set(Readings.FairnessGapVsLimit.Key,
            fairness is { Value: > 0 } limit && inputs?.FairnessGap is { } gap ? gap / limit.Value : null, gapSamples, gapNeeded);
        signals[Readings.QualityDetector.Key] = detections.Contains(QualityDetectors.Quality) ? 1 : 0;
        signals[Readings.LatencyDetector.Key] = detections.Contains(QualityDetectors.Latency) ? 1 : 0;
        // Judged on as many requests as the level's latency limit asks (100 by default): the P95 of a quiet night's
        // handful of requests is about their slowest one, and read as a budget about to burst most nights.
        var latencyLimit = model.Thresholds.Required(ThresholdCatalogue.LatencyP95);
        var qualityNeeded = model.Thresholds.Quality.MinSamples / 10;
        // By index, not the dictionary's enumerator: an interface's enumerator is boxed at every evaluation.
        foreach (var span in WindowSpans.All)
        {
            if (!windows.TryGetValue(span, out var w)) continue;
            signals.Set(Readings.Quality.At(span), w.Quality, w.QualitySamples, qualityNeeded);
            signals.Set(Readings.LatencyP95.At(span), w.LatencyP95, w.Volume, 0);
            var needed = MinRequests(span);
            signals.Set(Readings.ErrorRate.At(span), Sum(w.ErrorRate, w.TimeoutRate), w.Volume, needed);
            signals.Set(Readings.ErrorOnlyRate.At(span), w.ErrorRate, w.Volume, 0);
            signals.Set(Readings.TimeoutRate.At(span), w.TimeoutRate, w.Volume, needed);
            signals.Set(Readings.FallbackRate.At(span), w.FallbackRate, w.Volume, 0);
            signals.Set(Readings.Coverage.At(span), w.Coverage, w.Volume, 0);
            signals.Set(Readings.Volume.At(span), w.Volume, w.Volume, 0);
            signals.Set(Readings.LatencyVsLimit.At(span), Ratio(w.LatencyP95, latencyLimit.Value), w.Volume, latencyLimit.MinSamples);
        }
        signals[Readings.QualityDrop.At(WindowSpan.OneDay)] = RelativeDrop(
            signals[Readings.Quality.At(WindowSpan.OneDay)],
            signals[Readings.Quality.At(WindowSpan.ThirtyDays)], model.QualityMetric.LowerIsBetter());
        return signals;
    }

    /// <summary>
    /// Predictions the drift hour needs before its data quality is a signal: a feature 10 % missing in its reference
    /// reads more than 10 points higher by chance in 2.6 % of 30-row hours, in 0.08 % of 100-row ones (binomial tails).
    /// </summary>
    public const int DataQualityMinRows = 100;

    private static void FillDataQuality(ModelReadings signals, ModelDriftReport? drift)
    {
        double? missing = null, outOfRange = null, unseen = null, wrongType = null;
        if (drift is { Rows: >= DataQualityMinRows })
        {
            missing = outOfRange = unseen = wrongType = 0;
            foreach (var feature in drift.Features)
            {
                var q = feature.Quality;
                missing = Max(missing, q.MissingRate - (double.IsNaN(q.ReferenceMissingRate) ? 0 : q.ReferenceMissingRate));
                if (q.OutOfRangeRate is { } rate && q.ExpectedOutOfRangeRate is { } expected) outOfRange = Max(outOfRange, rate - expected);
                if (q.UnseenCategoryRate is { } u) unseen = Max(unseen, u);
                wrongType = Max(wrongType, q.WrongTypeRate);
            }
        }
        signals[Readings.MissingRise.Key] = missing;
        signals[Readings.OutOfRange.Key] = outOfRange;
        signals[Readings.UnseenCategories.Key] = unseen;
        signals[Readings.WrongType.Key] = wrongType;
    }

    // NaN (nothing to judge in one feature) leaves the maximum as it was.
    private static double? Max(double? current, double candidate) =>
        double.IsNaN(candidate) || candidate <= current ? current : candidate;

    private static double? PsiMax(ModelDriftReport? drift)
    {
        double? max = null;
        if (drift is null) return max;
        foreach (var feature in drift.Features)
        {
            if (feature.Judged && feature[DriftStatisticNames.Psi]?.Value is { } psi && (max is null || psi > max)) max = psi;
        }
        return max;
    }

    /// <summary>
    /// Requests a window needs before the alert rules judge its failure rate: burn-rate rules divide it by a 0.5 %
    /// budget, so a handful of requests with one unlucky timeout would read as a fast burn. The level's error state
    /// judges the same reading from its own limit's minimum (20 by default).
    /// </summary>
    private static long MinRequests(WindowSpan span) => span switch
    {
        WindowSpan.FiveMinutes => 500,
        WindowSpan.OneHour => 2_000,
        _ => 20_000,
    };

    /// <summary>
    /// The <see cref="Readings.QualityDrop"/> reading from the current and reference quality: null when either is
    /// unknown or the reference is zero (no scale to measure a drop against).
    /// </summary>
    public static double? RelativeDrop(double? current, double? reference, bool lowerIsBetter)
    {
        if (current is not { } c || reference is not { } r || r == 0) return null;
        return lowerIsBetter ? (c - r) / Math.Abs(r) : (r - c) / Math.Abs(r);
    }

    /// <summary>The <see cref="Readings.LatencyVsLimit"/> reading; null without a latency or a positive limit.</summary>
    public static double? Ratio(double? value, double limit) =>
        value is { } v && limit > 0 ? v / limit : null;

    private static double? Sum(double? a, double? b) => a is null || b is null ? null : a + b;
}
