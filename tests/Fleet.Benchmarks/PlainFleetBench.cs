using System.Diagnostics;
using Fleet.Monitoring;

namespace Fleet.Benchmarks;

/// <summary>Events per second of N models in a plain loop: end to end (generator included) and Apply alone.</summary>
internal sealed record PlainFleetResult(int Models, long Batches, long Events, double Seconds, double EventsPerSecond, double ApplyEventsPerSecond, CpuMeter.Reading Cpu);

/// <summary>
/// The Orleans runs' workload with the actor layer taken out: the same N event streams, round-robin, each batch
/// generated, applied to its model's <see cref="ModelMonitor"/> and summarised (what the grain does after every
/// batch), on one thread. Timed by the wall clock like the Orleans runs, so the two figures compare like for like.
/// </summary>
internal static class PlainFleetBench
{
    public static PlainFleetResult Run(int models, BenchOptions options, TextWriter log)
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

        // As the Orleans runs: 1 s of warm-up traffic, then the measured seconds.
        var next = 0;
        long batches = 0, events = 0, applyTicks = 0;
        void Step(bool measuring)
        {
            var i = next;
            next = (next + 1) % models;
            var batch = streams[i].Next(options.BatchPredictions, options.BatchSpan);
            var t0 = Stopwatch.GetTimestamp();
            var applied = monitors[i].Apply(batch);
            monitors[i].Summary();
            var t1 = Stopwatch.GetTimestamp();
            PlainBench.Check(applied);
            if (!measuring) return;
            applyTicks += t1 - t0;
            batches++;
            events += batch.Predictions.Count + batch.Outcomes.Count;
        }
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < warmUntil) Step(measuring: false);

        var meter = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var stop = Stopwatch.GetTimestamp() + Stopwatch.Frequency * options.Seconds;
        while (Stopwatch.GetTimestamp() < stop) Step(measuring: true);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = meter.Stop();
        var applySeconds = (double)applyTicks / Stopwatch.Frequency;
        var result = new PlainFleetResult(models, batches, events, seconds, events / seconds, events / applySeconds, cpu);
        log.WriteLine($"  plain loop N={models:N0}: {result.EventsPerSecond:N0} events/s end to end, {result.ApplyEventsPerSecond:N0} events/s in Apply + Summary alone " +
                      $"({batches:N0} batches; other processes {cpu.OtherCores:F2} cores)");
        GC.KeepAlive(monitors);
        return result;
    }
}
