using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Dashboard.Metrics;

namespace Fleet.Silo.Storage;

/// <summary>
/// The database writer's own instruments: how long each group commit took, and how long a write waited for the group
/// that took it, by priority (awaited: an append, a level, the registry, the alert book; background: a model's interval
/// checkpoint). An answer waits for awaited writes' waits plus their commits: these tell a slow answer waiting on the
/// disk from one waiting in the queue.
/// </summary>
internal sealed class WriterMetrics
{
    private static readonly KeyValuePair<string, object?> Awaited = new("priority", "awaited");
    private static readonly KeyValuePair<string, object?> Background = new("priority", "background");

    private readonly Histogram<double> _commits;
    private readonly Histogram<double> _waits;

    public WriterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MetricNames.Meter);
        _commits = meter.CreateHistogram(MetricNames.StorageCommitDuration, unit: "s",
            description: "Time the database writer took to commit one group of writes (statements, commit and its fsync)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StorageWriteMetrics.SecondsBuckets });
        _waits = meter.CreateHistogram(MetricNames.StorageQueueWait, unit: "s",
            description: "Time a write waited for the database writer's group that took it, by priority (background: a model's interval checkpoint)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StorageWriteMetrics.SecondsBuckets });
    }

    public void RecordCommit(long startedTimestamp) => _commits.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);

    public void RecordWait(QueuedWrite write, long groupStartedTimestamp) =>
        _waits.Record(Stopwatch.GetElapsedTime(write.QueuedTimestamp, groupStartedTimestamp).TotalSeconds, write.Background ? Background : Awaited);
}
