using System.Diagnostics;
using Fleet.Monitoring;

namespace Fleet.Benchmarks;

/// <summary>Events per second of N models in a plain loop on T threads: end to end (generator included) and Apply alone.</summary>
internal sealed record PlainFleetResult(int Models, int Threads, long Batches, long Events, double Seconds, double EventsPerSecond, double ApplyEventsPerThreadSecond, CpuMeter.Reading Cpu)
{
    /// <summary>Events per CPU-second of this process (generator, monitors and GC alike).</summary>
    public double EventsPerCpuSecond => EventsPerSecond / Cpu.ProcessCores;
}

/// <summary>
/// The Orleans runs' workload with the actor layer taken out: the same N event streams, each batch generated,
/// applied to its model's <see cref="ModelMonitor"/> and summarised (what the grain does after every batch). With
/// T threads each owns every T-th model and walks its own models round-robin, so no model is shared and nothing
/// is locked. Timed by the wall clock like the Orleans runs (1 s of warm-up, then the measured seconds), so the two
/// figures compare like for like.
/// </summary>
internal static class PlainFleetBench
{
    public static PlainFleetResult Run(int models, BenchOptions options, TextWriter log, int threads = 1)
    {
        var monitors = new ModelMonitor[models];
        var streams = new EventStream[models];
        for (var i = 0; i < models; i++)
        {
            var id = $"m{i:D5}";
            monitors[i] = PlainBench.NewMonitor(id);
            streams[i] = new EventStream(id, 1000 + i, Workload.Now.AddDays(-1), options.LabelDelay);
            for (var k = 0; k < options.WarmBatches; k++) PlainBench.Check(monitors[i].Apply(streams[i].Next(options.BatchPredictions, options.BatchSpan)));
        }

        var phase = 0; // 0 warm-up, 1 measured, 2 stop
        var counts = new (long Batches, long Events, long ApplyTicks)[threads];
        void Loop(int t)
        {
            var mine = Enumerable.Range(0, models).Where(i => i % threads == t).ToArray();
            long batches = 0, events = 0, applyTicks = 0;
            for (var k = 0; ; k = (k + 1) % mine.Length)
            {
                var now = Volatile.Read(ref phase);
                if (now == 2) break;
                var i = mine[k];
                var batch = streams[i].Next(options.BatchPredictions, options.BatchSpan);
                var t0 = Stopwatch.GetTimestamp();
                var applied = monitors[i].Apply(batch);
                monitors[i].Summary();
                var t1 = Stopwatch.GetTimestamp();
                PlainBench.Check(applied);
                if (now != 1 || Volatile.Read(ref phase) != 1) continue;
                applyTicks += t1 - t0;
                batches++;
                events += batch.Predictions.Count + batch.Outcomes.Count;
            }
            counts[t] = (batches, events, applyTicks);
        }
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => Loop(t)) { IsBackground = true, Name = $"plain-{t}" }).ToArray();
        foreach (var w in workers) w.Start();
        Thread.Sleep(TimeSpan.FromSeconds(1));

        var meter = new CpuMeter();
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref phase, 1);
        Thread.Sleep(TimeSpan.FromSeconds(options.Seconds));
        Volatile.Write(ref phase, 2);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        foreach (var w in workers) w.Join();
        var totalBatches = counts.Sum(c => c.Batches);
        var totalEvents = counts.Sum(c => c.Events);
        var applySeconds = (double)counts.Sum(c => c.ApplyTicks) / Stopwatch.Frequency;
        var result = new PlainFleetResult(models, threads, totalBatches, totalEvents, seconds, totalEvents / seconds, totalEvents / applySeconds, cpu);
        log.WriteLine($"  plain loop N={models:N0}, {threads} thread(s): {result.EventsPerSecond:N0} events/s end to end, {result.ApplyEventsPerThreadSecond:N0} events a thread-second in Apply + Summary alone; " +
                      $"{cpu.ProcessCores:F2} cores used, {result.EventsPerCpuSecond:N0} events per CPU-second ({totalBatches:N0} batches; other processes {cpu.OtherCores:F2} cores)");
        GC.KeepAlive(monitors);
        return result;
    }
}
