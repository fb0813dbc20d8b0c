using BenchmarkDotNet.Attributes;
using Fleet.Events;
using Fleet.Monitoring.Ingestion;

namespace Fleet.Benchmarks.Micro;

/// <summary>EventBatchValidator.Validate on a valid batch of the throughput workload (~2,000 events).</summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private EventBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var stream = new EventStream("micro", 3, Workload.Now.AddDays(-1), TimeSpan.FromSeconds(2));
        stream.Next(1000, TimeSpan.FromSeconds(1));
        stream.Next(1000, TimeSpan.FromSeconds(1));
        _batch = stream.Next(1000, TimeSpan.FromSeconds(1)); // 1,000 predictions + the outcomes of the first batch
        if (EventBatchValidator.Validate(_batch, long.MinValue) is { } error) throw new InvalidOperationException(error.ToString());
    }

    [Benchmark(Description = "EventBatchValidator.Validate, ~2,000-event batch")]
    public ValidationError? Validate() => EventBatchValidator.Validate(_batch, long.MinValue);

    public int Events => _batch.Predictions.Count + _batch.Outcomes.Count;
}
