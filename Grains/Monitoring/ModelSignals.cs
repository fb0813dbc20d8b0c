using Fleet.Models;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Drift;
using Fleet.Snapshots;

namespace Fleet.Monitoring;

/// <summary>The named numbers alert rules read at each evaluation (see <see cref="AlertSignals"/>).</summary>
public static class ModelSignals
{
    public static Dictionary<string, double?> From(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections) =>
        Fill(NewSignals(), model, windows, level, drift, detections);

    /// <summary>
    /// An empty dictionary sized for every signal (4 + 4 data quality + 8 per window + 1 + the caller's few), so it never grows
    /// during an evaluation.
    /// </summary>
    public static Dictionary<string, double?> NewSignals() => new(Capacity, StringComparer.Ordinal);

    /// <summary>
    /// <see cref="From"/> into <paramref name="signals"/>, emptied first: the same entries in the same order as a
    /// new dictionary, without allocating its ~2.4 KB at every evaluation.
    /// </summary>
    public static Dictionary<string, double?> Fill(Dictionary<string, double?> signals,
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, DegradationLevel level,
        ModelDriftReport? drift, IReadOnlyList<string> detections)
    {
        signals.Clear();
        signals[AlertSignals.Level] = (int)level;
        signals[AlertSignals.DriftShare] = drift is { JudgedFeatures: > 0 } ? drift.DriftedShare : null;
        signals[AlertSignals.PsiMax] = PsiMax(drift);
        FillDataQuality(signals, drift);
        signals[AlertSignals.QualityDetector] = detections.Contains(QualityDetectors.Quality) ? 1 : 0;
        signals[AlertSignals.LatencyDetector] = detections.Contains(QualityDetectors.Latency) ? 1 : 0;
        // Judged on as many requests as the level's latency limit asks (100 by default): the P95 of a quiet night's
        // handful of requests is about their slowest one, and read as a budget about to burst most nights.
        var latencyLimit = model.Thresholds.LatencyP95Ms;
        foreach (var (span, w) in windows)
        {
            var judged = w.QualitySamples >= model.Thresholds.Quality.MinSamples / 10;
            signals[AlertSignals.Windowed(AlertSignals.Quality, span)] = judged ? w.Quality : null;
            signals[AlertSignals.Windowed(AlertSignals.LatencyP95, span)] = w.LatencyP95;
            var enough = w.Volume >= MinRequests(span);
            signals[AlertSignals.Windowed(AlertSignals.ErrorRate, span)] = enough ? Sum(w.ErrorRate, w.TimeoutRate) : null;
            signals[AlertSignals.Windowed(AlertSignals.TimeoutRate, span)] = enough ? w.TimeoutRate : null;
            signals[AlertSignals.Windowed(AlertSignals.FallbackRate, span)] = w.FallbackRate;
            signals[AlertSignals.Windowed(AlertSignals.Coverage, span)] = w.Coverage;
            signals[AlertSignals.Windowed(AlertSignals.Volume, span)] = w.Volume;
            signals[AlertSignals.Windowed(AlertSignals.LatencyVsLimit, span)] =
                w.Volume >= latencyLimit.MinSamples ? AlertSignals.Ratio(w.LatencyP95, latencyLimit.Value) : null;
        }
        signals[AlertSignals.Windowed(AlertSignals.QualityDrop, WindowSpan.OneDay)] = AlertSignals.RelativeDrop(
            signals[AlertSignals.Windowed(AlertSignals.Quality, WindowSpan.OneDay)],
            signals[AlertSignals.Windowed(AlertSignals.Quality, WindowSpan.ThirtyDays)], model.QualityMetric.LowerIsBetter());
        return signals;
    }

    private const int Capacity = 72; // and the owner's 6 per owner window + volume drop (ModelMonitor)

    /// <summary>
    /// Predictions the drift hour needs before its data quality is a signal: a feature 10 % missing in its reference
    /// reads more than 10 points higher by chance in 2.6 % of 30-row hours, in 0.08 % of 100-row ones (binomial tails).
    /// </summary>
    public const int DataQualityMinRows = 100;

    private static void FillDataQuality(Dictionary<string, double?> signals, ModelDriftReport? drift)
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
        signals[AlertSignals.MissingRise] = missing;
        signals[AlertSignals.OutOfRange] = outOfRange;
        signals[AlertSignals.UnseenCategories] = unseen;
        signals[AlertSignals.WrongType] = wrongType;
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

    private static double? Sum(double? a, double? b) => a is null || b is null ? null : a + b;
}
