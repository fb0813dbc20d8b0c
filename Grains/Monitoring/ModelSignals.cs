using Fleet.Models;
using Fleet.Catalogue;
using Fleet.Monitoring.Drift;
using Fleet.Snapshots;

namespace Fleet.Monitoring;

/// <summary>Fills a model's <see cref="ModelReadings"/> at each evaluation (what each reading is: <see cref="Readings"/>).</summary>
public static class ModelSignals
{
    /// <summary>
    /// What the inputs and segments say beyond the drift report: the top item category's share, the largest quality gap
    /// between segments with enough labels, the gap the model's fairness limit judges over that limit (null without one),
    /// and the predictions that went unlabelled (their outcome did not come within the label horizon).
    /// </summary>
    public readonly record struct InputReadings(double? TopCategoryShare, double? LargestGap, double? GapVsLimit, long Unlabelled = 0);

    public static ModelReadings From(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections, InputReadings inputs = default) =>
        Fill(new ModelReadings(), model, windows, level, drift, detections, inputs);

    /// <summary>
    /// <see cref="From"/> into <paramref name="signals"/>, emptied first: the same readings as a new instance, without
    /// allocating one at every evaluation.
    /// </summary>
    public static ModelReadings Fill(ModelReadings signals,
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections, InputReadings inputs = default)
    {
        signals.Clear();
        signals[Readings.Level.Key] = (int)level;
        signals[Readings.DriftShare.Key] = drift is { JudgedFeatures: > 0 } ? drift.DriftedShare : null;
        signals[Readings.PsiMax.Key] = PsiMax(drift);
        FillDataQuality(signals, drift);
        signals[Readings.TopCategoryShare.Key] = inputs.TopCategoryShare;
        signals[Readings.Unlabelled.Key] = inputs.Unlabelled;
        signals[Readings.FairnessGap.Key] = inputs.LargestGap;
        signals[Readings.FairnessGapVsLimit.Key] = inputs.GapVsLimit;
        signals[Readings.QualityDetector.Key] = detections.Contains(QualityDetectors.Quality) ? 1 : 0;
        signals[Readings.LatencyDetector.Key] = detections.Contains(QualityDetectors.Latency) ? 1 : 0;
        // Judged on as many requests as the level's latency limit asks (100 by default): the P95 of a quiet night's
        // handful of requests is about their slowest one, and read as a budget about to burst most nights.
        var latencyLimit = model.Thresholds.Required(ThresholdCatalogue.LatencyP95);
        foreach (var (span, w) in windows)
        {
            var judged = w.QualitySamples >= model.Thresholds.Quality.MinSamples / 10;
            signals[Readings.Quality.At(span)] = judged ? w.Quality : null;
            signals[Readings.LatencyP95.At(span)] = w.LatencyP95;
            var enough = w.Volume >= MinRequests(span);
            signals[Readings.ErrorRate.At(span)] = enough ? Sum(w.ErrorRate, w.TimeoutRate) : null;
            signals[Readings.ErrorOnlyRate.At(span)] = w.ErrorRate;
            signals[Readings.TimeoutRate.At(span)] = enough ? w.TimeoutRate : null;
            signals[Readings.FallbackRate.At(span)] = w.FallbackRate;
            signals[Readings.Coverage.At(span)] = w.Coverage;
            signals[Readings.Volume.At(span)] = w.Volume;
            signals[Readings.LatencyVsLimit.At(span)] =
                w.Volume >= latencyLimit.MinSamples ? Ratio(w.LatencyP95, latencyLimit.Value) : null;
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
    /// Requests a window needs before its failure rate is a signal: burn-rate rules divide it by a 0.5 %
    /// budget, so a handful of requests with one unlucky timeout would read as a fast burn.
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
