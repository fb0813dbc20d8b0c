using System.Diagnostics.Metrics;
using Fleet.Registry;

namespace Fleet.Dashboard.Metrics;

/// <summary>
/// Grain state write latency by state name ("windows" is a model's checkpoint; "definition", "level", "actions",
/// the registry's lines and the alert book are written through), in seconds. Orleans measures every write already, in
/// milliseconds; this listens to this host's Orleans meter and records each measurement again in Prometheus' base
/// unit, keeping only the state name (not the provider or the state's type name; the registry's 32 line shards as one
/// name, <see cref="RegistryStates.Lines"/>).
/// </summary>
public sealed class StorageWriteMetrics : IDisposable
{
    private const string OrleansWriteLatency = "orleans-storage-write-latency";

    /// <summary>
    /// Bucket bounds, in seconds, of every storage histogram (grain state writes, the database writer's commits and
    /// waits): from half a millisecond (a small commit) to 5 s (a checkpoint behind a backlog), so they read side by side.
    /// </summary>
    public static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private readonly MeterListener _listener = new();
    private readonly Histogram<double> _writes;

    public StorageWriteMetrics(IMeterFactory meters)
    {
        _writes = meters.Create(MetricNames.Meter).CreateHistogram(MetricNames.StorageWriteDuration, unit: "s",
            description: "Time to write one grain state, by state (windows: a model's checkpoint)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MetricNames.OrleansMeter && instrument.Name == OrleansWriteLatency
                && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, meters)))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnWrite);
        _listener.Start();
    }

    private void OnWrite(Instrument instrument, double milliseconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        object? name = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "state_name") name = tag.Value is string stateName ? RegistryStates.MetricName(stateName) : tag.Value;
        }
        _writes.Record(milliseconds / 1000, new KeyValuePair<string, object?>("state", name));
    }

    public void Dispose() => _listener.Dispose();
}
