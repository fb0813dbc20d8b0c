using BenchmarkDotNet.Attributes;
using Fleet.Monitoring;

namespace Fleet.Benchmarks.Micro;

/// <summary>LatencySketch: one Add (3 per prediction in the windows) and the quantiles a window's metrics read.</summary>
[MemoryDiagnoser]
public class SketchBenchmarks
{
    private const int Values = 1000;
    private readonly double[] _latencies = new double[Values];
    private LatencySketch _sketch = null!;
    private LatencySketch _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        for (var i = 0; i < Values; i++)
            _latencies[i] = Math.Exp(Math.Log(40) + 0.5 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        _sketch = new LatencySketch();
        _full = new LatencySketch();
        for (var i = 0; i < 36_000; i++) _full.Add(_latencies[i % Values]);
    }

    [Benchmark(OperationsPerInvoke = Values, Description = "LatencySketch.Add (per value)")]
    public void Add()
    {
        var sketch = _sketch;
        foreach (var latency in _latencies) sketch.Add(latency);
    }

    [Benchmark(Description = "LatencySketch.Quantile(0.95), 36,000 values")]
    public double Quantile() => _full.Quantile(0.95);
}
