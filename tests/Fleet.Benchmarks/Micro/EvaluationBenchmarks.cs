using BenchmarkDotNet.Attributes;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// One evaluation of a model, as the grain runs it after every batch: readings, thresholds (twice: to get worse and to
/// recover), alert rules. The monitor holds two hours of the workload's traffic with labels and features, so every
/// window, the drift hour and the segments have something to read; the clock stays put so each call does the same work.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private ModelMonitor _monitor = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        const string id = "bench-evaluation";
        _monitor = new ModelMonitor(Models.Definition(id), new LevelState(), new WindowCheckpoint());
        var stream = new EventStream(id, 11, Workload.Now.AddHours(-2), TimeSpan.FromMinutes(1));
        // Two hours at 20 predictions a second, in 10-second batches.
        for (var i = 0; i < 720; i++) _monitor.Apply(stream.Next(200, TimeSpan.FromSeconds(10)));
        _now = stream.Clock;
    }

    [Benchmark(Description = "ModelMonitor evaluation (per batch)")]
    public object? Evaluate() => _monitor.AdvanceTo(_now);
}
