using BenchmarkDotNet.Attributes;
using Fleet.Monitoring.Windows;

namespace Fleet.Benchmarks.Micro;

/// <summary>RollingWindows: recording a prediction (3 tiers, a sketch each) and an outcome, per event.</summary>
[MemoryDiagnoser]
public class WindowsBenchmarks
{
    private const int Events = 1000;
    private readonly long[] _ticks = new long[Events];
    private readonly PredictionSample[] _samples = new PredictionSample[Events];
    private RollingWindows _windows = null!;
    private long _offset;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(9);
        var start = Workload.Now.UtcTicks;
        for (var i = 0; i < Events; i++)
        {
            _ticks[i] = start + i * TimeSpan.TicksPerMillisecond;
            _samples[i] = new PredictionSample(20 + 60 * rng.NextDouble(), true, false, false, false, false);
        }
        _windows = new RollingWindows();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "RollingWindows.RecordPrediction (per event)")]
    public void RecordPrediction()
    {
        // Event time moves on by one second per call, as a stream would.
        var offset = _offset += TimeSpan.TicksPerSecond;
        for (var i = 0; i < Events; i++) _windows.RecordPrediction(_ticks[i] + offset, _samples[i]);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "RollingWindows.RecordOutcome (per event)")]
    public void RecordOutcome()
    {
        var offset = _offset;
        for (var i = 0; i < Events; i++) _windows.RecordOutcome(_ticks[i] + offset, 0.7, 1, 0.5);
    }
}
