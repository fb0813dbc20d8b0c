using Fleet.Models;
using Fleet.Monitoring.Detectors;

namespace Fleet.Monitoring;

/// <summary>
/// Change detectors on a model's streams, so a slow decline is caught before a hard threshold:
/// ADWIN (delta 0.002, Bifet and Gavalda 2007) on the correctness of each joined outcome, and on
/// whether each request failed (error or timeout). A detection counts only when the stream got worse
/// (quality's mean fell, failures' mean rose), and is reported for an hour of event time.
/// Page-Hinkley and DDM live beside ADWIN (Monitoring/Detectors) but are not wired: on these 0/1
/// streams their measured false-alarm rates (29 % and 40 % of streams before a change) page too often.
/// </summary>
[GenerateSerializer, Alias("Fleet.QualityDetectors")]
public sealed class QualityDetectors
{
    public const string Quality = "quality";
    public const string Failures = "failures";
    private static readonly long ReportFor = TimeSpan.FromHours(1).Ticks;

    [Id(0)] private Adwin _quality = new();
    [Id(1)] private Adwin _failures = new();
    [Id(2)] private long _qualityDetectedAt = long.MinValue;
    [Id(3)] private long _failuresDetectedAt = long.MinValue;

    /// <summary>One joined outcome: 1 when the model was right (classifiers) or within the launch bar's error (MAE).</summary>
    public void RecordOutcome(ModelDefinition model, double score, double label, long at)
    {
        var good = model.QualityMetric switch
        {
            QualityMetricKind.Mae => Math.Abs(score - label) <= model.Thresholds.Quality.Launch ? 1.0 : 0.0,
            QualityMetricKind.Relevance => label >= 0.5 ? 1.0 : 0.0,
            _ => (score >= model.DecisionThreshold) == (label >= 0.5) ? 1.0 : 0.0,
        };
        var before = _quality.Mean;
        if (_quality.Update(good) && _quality.Mean < before) _qualityDetectedAt = at;
    }

    public void RecordRequest(bool failed, long at)
    {
        var before = _failures.Mean;
        if (_failures.Update(failed ? 1 : 0) && _failures.Mean > before) _failuresDetectedAt = at;
    }

    /// <summary>The streams whose detector fired within the last hour before <paramref name="now"/>.</summary>
    public IReadOnlyList<string> Recent(long now)
    {
        var recent = new List<string>(2);
        if (_qualityDetectedAt != long.MinValue && now - _qualityDetectedAt <= ReportFor) recent.Add(Quality);
        if (_failuresDetectedAt != long.MinValue && now - _failuresDetectedAt <= ReportFor) recent.Add(Failures);
        return recent;
    }

    public void Reset()
    {
        _quality = new Adwin();
        _failures = new Adwin();
        _qualityDetectedAt = _failuresDetectedAt = long.MinValue;
    }
}
