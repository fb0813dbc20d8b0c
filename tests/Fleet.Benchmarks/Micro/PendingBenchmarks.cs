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

    // The memory benchmark's model in its steady state: 10 predictions a second, labels a minute later.
    private const int Backlog = 594;
    private readonly string[] _steadyIds = Enumerable.Range(0, Ids + Backlog).Select(i => $"steady:{i}").ToArray();
    private PendingPredictions _steady = null!;
    private int _oldest; // the steady ring's oldest waiting id

    [GlobalSetup]
    public void Setup()
    {
        _pending = new PendingPredictions();
        AddTake(); // the ring reaches its working size
        _steady = new PendingPredictions();
        for (var i = 0; i < Backlog; i++) _steady.Add(_steadyIds[i], i, 0.5); // grows to 729 slots
        SteadyBacklog();
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

    /// <summary>Each prediction added and the one 594 before it taken: a 729-slot ring with 594 waiting, its index as sized for that.</summary>
    [Benchmark(OperationsPerInvoke = Ids, Description = "PendingPredictions.Add + TryTake, 594 waiting (per prediction)")]
    public long SteadyBacklog()
    {
        var pending = _steady;
        var ids = _steadyIds;
        long sum = 0;
        var oldest = _oldest;
        for (var i = 0; i < Ids; i++)
        {
            pending.Add(ids[(oldest + Backlog) % ids.Length], i, 0.5); // 1,594 names in turn: each long taken when reused
            if (pending.TryTake(ids[oldest], out var ticks, out _)) sum += ticks;
            oldest = (oldest + 1) % ids.Length;
        }
        _oldest = oldest;
        return sum;
    }
}
