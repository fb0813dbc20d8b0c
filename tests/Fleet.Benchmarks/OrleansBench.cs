using System.Diagnostics;
using Fleet.Events;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Fleet.Benchmarks;

internal sealed record OrleansResult(
    StorageKind Storage, int Models, int InFlight, double StartSeconds, double RegisterSeconds, double RegisterFirstMs, double RegisterLastMs,
    long Batches, long Events, double Seconds, double EventsPerSecond, double BatchesPerSecond,
    double P50Ms, double P99Ms, double CpuCores, double OtherCores, string LoadAverage, long Unmatched, double GcPausePercent, int Gen2,
    double CheckpointSeconds, IReadOnlyList<(string Kind, long Rows, long Bytes)> Stored, int LevelTransitions)
{
    public IReadOnlyList<string> ShutdownLog { get; set; } = [];
    public int ShutdownErrors { get; set; }
}

internal sealed record CallOverhead(double RoundTripMicros, double CallsPerSecond, int InFlight,
    double SerializeMicros, double DeserializeMicros, int SerializedBytes, int BatchEvents);

/// <summary>Part 1: batches through real model grains in an in-process silo, driven from this process.</summary>
internal static class OrleansBench
{
    public static async Task<OrleansResult> RunAsync(StorageKind storage, int models, BenchOptions options, TextWriter log)
    {
        var inFlight = options.InFlightFor(models);
        var started = Stopwatch.StartNew();
        var silo = await BenchSilo.StartAsync(storage);
        var startSeconds = started.Elapsed.TotalSeconds;

        var ids = Enumerable.Range(0, models).Select(i => $"m{i:D5}").ToArray();
        var grains = ids.Select(id => silo.Grains.GetGrain<IModelGrain>(id)).ToArray();
        var streams = ids.Select((id, i) => new EventStream(id, 1000 + i, Workload.Now.AddDays(-1), options.LabelDelay)).ToArray();

        // Registered in chunks of up to 100 (32 at a time within a chunk) to see whether a registration's cost grows with the fleet.
        var register = Stopwatch.StartNew();
        var chunkMs = new List<double>();
        for (var from = 0; from < models; from += 100)
        {
            var chunk = Stopwatch.StartNew();
            var size = Math.Min(100, models - from);
            await ForEach(size, 32, k => grains[from + k].Register(Models.Definition(ids[from + k])));
            chunkMs.Add(chunk.Elapsed.TotalMilliseconds / size);
        }
        register.Stop();
        log.WriteLine($"  {storage} N={models}: silo {startSeconds:F1} s, registered in {register.Elapsed.TotalSeconds:F2} s " +
                      $"({chunkMs[0]:F2} ms/model for the first {Math.Min(100, models)}, {chunkMs[^1]:F2} ms/model for the last)");

        // Every grain applies --warm-batches batches (default 1) before the clock starts (activation, JIT, first sketches), then 1 s of traffic.
        await ForEach(models, inFlight, async i =>
        {
            for (var k = 0; k < options.WarmBatches; k++) Check(await grains[i].Ingest(streams[i].Next(options.BatchPredictions, options.BatchSpan)));
        });

        var phase = 0; // 0 warm, 1 measure, 2 stop
        var next = -1;
        long batches = 0, events = 0, unmatched = 0;
        var latencies = new List<double>[inFlight];
        async Task Worker(int w)
        {
            var mine = latencies[w] = new List<double>(1 << 14);
            while (Volatile.Read(ref phase) < 2)
            {
                var i = (int)((uint)Interlocked.Increment(ref next) % (uint)models);
                EventBatch batch;
                Task<IngestResult> call;
                long t0;
                lock (streams[i])
                {
                    // Generated and sent under the model's lock so one model's batches leave in order.
                    batch = streams[i].Next(options.BatchPredictions, options.BatchSpan);
                    t0 = Stopwatch.GetTimestamp();
                    call = grains[i].Ingest(batch);
                }
                var result = await call;
                var t1 = Stopwatch.GetTimestamp();
                Check(result);
                if (Volatile.Read(ref phase) == 1)
                {
                    mine.Add((t1 - t0) * 1000.0 / Stopwatch.Frequency);
                    Interlocked.Increment(ref batches);
                    Interlocked.Add(ref events, batch.Predictions.Count + batch.Outcomes.Count);
                    Interlocked.Add(ref unmatched, result.UnmatchedOutcomes);
                }
            }
        }

        var workers = Enumerable.Range(0, inFlight).Select(w => Task.Run(() => Worker(w))).ToArray();
        var trace = options.Trace ? Task.Run(async () =>
        {
            long last = 0;
            var g2 = GC.CollectionCount(2);
            var p = GC.GetTotalPauseDuration();
            var seen = new Dictionary<GCKind, long>();
            while (Volatile.Read(ref phase) < 2)
            {
                var t = Stopwatch.StartNew();
                var longest = "";
                while (t.ElapsedMilliseconds < 500)
                {
                    await Task.Delay(20);
                    foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
                    {
                        var info = GC.GetGCMemoryInfo(kind);
                        if (info.Index == 0 || seen.GetValueOrDefault(kind) == info.Index) continue;
                        seen[kind] = info.Index;
                        var pauseMs = info.PauseDurations[0].TotalMilliseconds + info.PauseDurations[1].TotalMilliseconds;
                        if (pauseMs > 50) longest += $" {kind} gen{info.Generation} {pauseMs:F0} ms (heap {info.HeapSizeBytes / 1e6:F0} MB, promoted {info.PromotedBytes / 1e6:F0} MB);";
                    }
                }
                var now = Interlocked.Read(ref events);
                log.WriteLine($"    trace: {(now - last) / t.Elapsed.TotalSeconds:N0} events/s over {t.ElapsedMilliseconds} ms, gen2 +{GC.CollectionCount(2) - g2}, " +
                              $"GC pause +{(GC.GetTotalPauseDuration() - p).TotalMilliseconds:F0} ms, heap {GC.GetTotalMemory(false) / 1e6:N0} MB, " +
                              $"pool threads {ThreadPool.ThreadCount}, queued {ThreadPool.PendingWorkItemCount}, lock contention {Monitor.LockContentionCount}{longest}");
                last = now;
                g2 = GC.CollectionCount(2);
                p = GC.GetTotalPauseDuration();
            }
        }) : Task.CompletedTask;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var meter = new CpuMeter();
        var pause0 = GC.GetTotalPauseDuration();
        var gen2 = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref phase, 1);
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        Volatile.Write(ref phase, 2);
        var seconds = clock.Elapsed.TotalSeconds;
        var reading = meter.Stop();
        var cpu = reading.ProcessCores;
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds / seconds * 100;
        gen2 = GC.CollectionCount(2) - gen2;
        await Task.WhenAll(workers);
        await trace;
        var transitions = 0;
        foreach (var g in grains.Take(100))
            transitions += (await g.GetSnapshot())?.History.Count ?? 0;

        var all = latencies.SelectMany(l => l).ToList();
        all.Sort();

        // The window checkpoint every grain writes at most 30 s after a change (longer than a run), timed on its own.
        var checkpoint = Stopwatch.StartNew();
        await ForEach(models, 32, i => grains[i].Checkpoint());
        checkpoint.Stop();
        var stored = silo.StoredPayloads();

        var result = new OrleansResult(storage, models, inFlight, startSeconds, register.Elapsed.TotalSeconds, chunkMs[0], chunkMs[^1],
            batches, events, seconds, events / seconds, batches / seconds,
            Statistics.Percentile(all, 0.50), Statistics.Percentile(all, 0.99), cpu, reading.OtherCores, reading.LoadAverage, unmatched, pause, gen2,
            checkpoint.Elapsed.TotalSeconds, stored, transitions);
        log.WriteLine($"  {storage} N={models}: {result.EventsPerSecond:N0} events/s, {result.BatchesPerSecond:N0} batches/s, " +
                      $"P50 {result.P50Ms:F2} ms, P99 {result.P99Ms:F2} ms, CPU {cpu:F2} cores (other processes {reading.OtherCores:F2}), GC pause {pause:F0} %, level transitions {transitions}, unmatched outcomes {unmatched}; " +
                      $"checkpoint of {models} grains {checkpoint.Elapsed.TotalSeconds:F2} s");
        await silo.DisposeAsync();
        result.ShutdownLog = silo.ShutdownLog;
        result.ShutdownErrors = silo.ShutdownErrors;
        return result;
    }

    /// <summary>
    /// What the Orleans call costs without the monitor: Ingest on a model that was never registered returns at once
    /// (same batch object, no copy since EventBatch is [Immutable]). Plus the serializer's cost for that batch,
    /// which a call from another process or silo would pay and the co-hosted driver does not.
    /// </summary>
    public static async Task<CallOverhead> CallOverheadAsync(BenchOptions options, TextWriter log)
    {
        await using var silo = await BenchSilo.StartAsync(StorageKind.Memory);
        var stream = new EventStream("overhead", 7, Workload.Now.AddDays(-1), options.LabelDelay);
        stream.Next(options.BatchPredictions, options.BatchSpan);
        stream.Next(options.BatchPredictions, options.BatchSpan);
        var batch = stream.Next(options.BatchPredictions, options.BatchSpan); // with outcomes
        var grain = silo.Grains.GetGrain<IModelGrain>("never-registered");
        for (var i = 0; i < 2000; i++) await grain.Ingest(batch);

        // One call at a time: the round trip.
        var n = 0;
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 1000)
        {
            await grain.Ingest(batch);
            n++;
        }
        var roundTrip = sw.Elapsed.TotalMilliseconds * 1000 / n;

        // 32 in flight over 100 grains: calls per second.
        var targets = Enumerable.Range(0, 100).Select(i => silo.Grains.GetGrain<IModelGrain>($"never-{i}")).ToArray();
        foreach (var t in targets) await t.Ingest(batch);
        long calls = 0;
        var stop = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var inFlight = options.InFlightFor(100);
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
        {
            var k = w;
            while (Stopwatch.GetTimestamp() < stop)
            {
                await targets[k++ % targets.Length].Ingest(batch);
                Interlocked.Increment(ref calls);
            }
        })));

        // What a remote caller sends: every prediction with its own feature set, as deserialised from a request.
        var rng = new Random(3);
        batch = batch with { Predictions = batch.Predictions.Select(p => p with { Features = Workload.NewFeatures(rng) }).ToList() };
        var serializer = silo.Services.GetRequiredService<Serializer>();
        var bytes = serializer.SerializeToArray(batch);
        for (var i = 0; i < 50; i++) serializer.Deserialize<EventBatch>(serializer.SerializeToArray(batch));
        const int reps = 300;
        sw.Restart();
        for (var i = 0; i < reps; i++) bytes = serializer.SerializeToArray(batch);
        var serialize = sw.Elapsed.TotalMilliseconds * 1000 / reps;
        sw.Restart();
        for (var i = 0; i < reps; i++) serializer.Deserialize<EventBatch>(bytes);
        var deserialize = sw.Elapsed.TotalMilliseconds * 1000 / reps;

        var result = new CallOverhead(roundTrip, calls, inFlight, serialize, deserialize, bytes.Length, batch.Predictions.Count + batch.Outcomes.Count);
        log.WriteLine($"  Orleans call alone: {roundTrip:F1} µs round trip, {calls:N0} calls/s at {inFlight} in flight; " +
                      $"serializer {serialize:F0} µs + {deserialize:F0} µs for {bytes.Length:N0} bytes");
        return result;
    }

    public static void Check(IngestResult result)
    {
        if (!result.Accepted || result.Duplicate)
            throw new InvalidOperationException($"batch {result.BatchId} not applied: {result.Error}{(result.UnknownModel ? " unknown model" : "")}{(result.Duplicate ? " duplicate" : "")}");
    }

    public static Task ForEach(int count, int parallelism, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => await body(i));
}
