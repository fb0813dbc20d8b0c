using BenchmarkDotNet.Attributes;
using Fleet.Monitoring.Ingestion;

namespace Fleet.Benchmarks.Micro;

/// <summary>PendingPredictions: remembering a prediction and taking it back when its outcome arrives.</summary>
[MemoryDiagnoser]
public class PendingBenchmarks
{
    private const int Ids = 1000;
    private readonly string[] _ids = Enumerable.Range(0, Ids).Select(i => $"micro:{i}").ToArray();
    private PendingPredictions _pending = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pending = new PendingPredictions();
        AddTake(); // the ring reaches its working size
    }

    [Benchmark(OperationsPerInvoke = Ids, Description = "PendingPredictions.Add + TryTake (per prediction)")]
    public long AddTake()
    {
        var pending = _pending;
        var ids = _ids;
        for (var i = 0; i < ids.Length; i++) pending.Add(ids[i], i, 0.5);
        long sum = 0;
        for (var i = 0; i < ids.Length; i++)
            if (pending.TryTake(ids[i], out var ticks, out _)) sum += ticks;
        return sum;
    }
}
