using System.Diagnostics.Metrics;

namespace Fleet.Dashboard.Metrics;

/// <summary>Fleet's own ingest instruments: batches and events taken in, refusals by reason, and how long a batch took.</summary>
public sealed class IngestMetrics
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Refused = "refused";

    private readonly Counter<long> _batches;
    private readonly Counter<long> _events;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _duration;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MetricNames.Meter);
        _batches = meter.CreateCounter<long>(MetricNames.IngestBatches, description: "Batches taken in by POST /api/models/{id}/events, by result (accepted, duplicate)");
        _events = meter.CreateCounter<long>(MetricNames.IngestEvents, description: "Events of accepted batches, by kind (prediction, outcome)");
        _refusals = meter.CreateCounter<long>(MetricNames.IngestRefusals, description: "Batches refused, by reason (a fixed set)");
        // From 1 ms (a small batch on an idle silo) to 10 s (a 10,000-event batch on a loaded one).
        _duration = meter.CreateHistogram(MetricNames.IngestDuration, unit: "s",
            description: "Time to read, check and apply one batch, by result (accepted, duplicate, refused)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void RecordAccepted(TimeSpan took, int predictions, int outcomes)
    {
        _batches.Add(1, new KeyValuePair<string, object?>("result", Accepted));
        _events.Add(predictions, new KeyValuePair<string, object?>("kind", "prediction"));
        _events.Add(outcomes, new KeyValuePair<string, object?>("kind", "outcome"));
        _duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("result", Accepted));
    }

    public void RecordDuplicate(TimeSpan took)
    {
        _batches.Add(1, new KeyValuePair<string, object?>("result", Duplicate));
        _duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("result", Duplicate));
    }

    public void RecordRefused(TimeSpan took, string reason)
    {
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _duration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("result", Refused));
    }
}
