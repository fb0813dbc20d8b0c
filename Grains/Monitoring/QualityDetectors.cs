using Fleet.Models;
using Fleet.Monitoring.Detectors;

namespace Fleet.Monitoring;

/// <summary>
/// Change detectors on a model's streams, so a slow decline is caught before a hard threshold:
/// ADWIN (delta 0.002, Bifet and Gavalda 2007) on the correctness of each joined outcome, and on
/// whether each request failed (error or timeout); Page-Hinkley on the latency of successful requests,
/// one standardised value per event-time minute (<see cref="LatencyCreepDetector"/>). A detection counts
/// only when the stream got worse (quality's mean fell, failures' mean or latency rose), and is reported
/// for an hour of event time. Page-Hinkley is not run on the per-event 0/1 streams: there it false-alarmed
/// before a change in 29 % of measured streams, and ADWIN already covers them.
/// </summary>
[GenerateSerializer, Alias("Fleet.QualityDetectors")]
public sealed class QualityDetectors
{
    public const string Quality = "quality";
    public const string Failures = "failures";
    public const string Latency = "latency";
    private static readonly long ReportFor = TimeSpan.FromHours(1).Ticks;

    [Id(0)] private Adwin _quality = new();
    [Id(1)] private Adwin _failures = new();
    [Id(2)] private long _qualityDetectedAt = long.MinValue;
    [Id(3)] private long _failuresDetectedAt = long.MinValue;
    [Id(4)] private LatencyCreepDetector _latency = new();
    [Id(5)] private long _latencyDetectedAt = long.MinValue;

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

    /// <summary>One request: whether it failed, and (when it did not) its latency for the per-minute latency test.</summary>
    public void RecordRequest(bool failed, double latencyMs, long at)
    {
        RecordRequest(failed, at);
        // A timeout's latency is the budget, not the model's speed: failures have their own detector.
        if (!failed && _latency.Record(latencyMs, at)) _latencyDetectedAt = at;
    }

    /// <summary>The streams whose detector fired within the last hour before <paramref name="now"/>.</summary>
    public IReadOnlyList<string> Recent(long now)
    {
        // Most evaluations of most models: nothing fired, nothing allocated.
        if (!Fired(_qualityDetectedAt, now) && !Fired(_failuresDetectedAt, now) && !Fired(_latencyDetectedAt, now)) return [];
        var recent = new List<string>(3);
        if (_qualityDetectedAt != long.MinValue && now - _qualityDetectedAt <= ReportFor) recent.Add(Quality);
        if (_failuresDetectedAt != long.MinValue && now - _failuresDetectedAt <= ReportFor) recent.Add(Failures);
        if (_latencyDetectedAt != long.MinValue && now - _latencyDetectedAt <= ReportFor) recent.Add(Latency);
        return recent;
    }

    private static bool Fired(long at, long now) => at != long.MinValue && now - at <= ReportFor;

    public void Reset()
    {
        _quality = new Adwin();
        _failures = new Adwin();
        _latency = new LatencyCreepDetector();
        _qualityDetectedAt = _failuresDetectedAt = _latencyDetectedAt = long.MinValue;
    }
}
