using BenchmarkDotNet.Attributes;
using Fleet.Events;
using Fleet.Monitoring.Drift;

namespace Fleet.Benchmarks.Micro;

/// <summary>Drift: a histogram's bin lookup and Add, and a whole drift report over the workload's features.</summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private const int Values = 1000;
    private readonly double[] _values = new double[Values];
    private BinnedHistogram _histogram = null!;
    private DriftCalculator _calculator = null!;
    private DriftProfile _window = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(13);
        for (var i = 0; i < Values; i++) _values[i] = rng.NextDouble() * 500;
        _histogram = BinnedHistogram.Fit(_values);
        var reference = Enumerable.Range(0, DriftTracker.ReferenceRows)
            .Select(_ => ((FeatureRow?)Workload.NewFeatures(rng), (double?)rng.NextDouble()));
        _calculator = new DriftCalculator(DriftProfile.Fit(reference));
        _window = _calculator.CreateWindow();
        for (var i = 0; i < 10_000; i++) _window.Add(Workload.NewFeatures(rng), rng.NextDouble());
    }

    [Benchmark(OperationsPerInvoke = Values, Description = "BinnedHistogram.BinOf, 10 bins (per value)")]
    public int BinOf()
    {
        var sum = 0;
        foreach (var v in _values) sum += _histogram.BinOf(v);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Values, Description = "BinnedHistogram.Add, 10 bins (per value)")]
    public void Add()
    {
        foreach (var v in _values) _histogram.Add(v);
    }

    [Benchmark(Description = "DriftCalculator.Calculate, 4 features + score, 10,000-row window")]
    public ModelDriftReport Report() => _calculator.Calculate(_window);
}
