namespace Fleet.Benchmarks;

internal static class Report
{
    public static void Print(
        TextWriter w, string machine, BenchOptions o, PlainResult plain, CallOverhead overhead, IReadOnlyList<OrleansResult> runs,
        MonitorMemory? fresh, MonitorMemory? longRunning, GrainMemory? grains,
        IReadOnlyList<(string Label, long Bytes, int NonEmptyBins)> sketchSizes, TimeSpan elapsed)
    {
        w.WriteLine();
        w.WriteLine("## Results");
        w.WriteLine();
        w.WriteLine(machine);
        w.WriteLine($"Batches: {o.BatchPredictions:N0} predictions + ~{plain.EventsPerBatch - o.BatchPredictions:N0} outcomes " +
                    $"(~{plain.EventsPerBatch:N0} events); {o.Seconds} s measured per Orleans run after {o.WarmBatches} batch(es) per model and 1 s of warm-up. " +
                    "Events per CPU-second = events/s ÷ cores this process used (driver, silo and GC): the figure least disturbed by other processes on a shared machine.");
        w.WriteLine();
        w.WriteLine("### Throughput");
        w.WriteLine();
        w.WriteLine("| path | storage | models | in flight | events/s | batches/s | batch P50 ms | batch P99 ms | CPU cores used | events per CPU-second | other processes, cores | events/s ÷ plain |");
        w.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        w.WriteLine($"| plain loop, 1 thread (Apply only) | – | 1 | – | {plain.EventsPerSecond:N0} | {plain.BatchesPerSecond:N0} | {plain.MedianApplyMicros / 1000:F3} (Apply) | – | 1 | {plain.EventsPerSecond:N0} | {plain.OtherCores:F2} | 1.00 |");
        foreach (var r in runs)
        {
            var storage = r.Storage == StorageKind.Memory ? "memory" : "SQLite file";
            w.WriteLine($"| Orleans grains | {storage} | {r.Models:N0} | {r.InFlight} | {r.EventsPerSecond:N0} | {r.BatchesPerSecond:N0} | " +
                        $"{r.P50Ms:F2} | {r.P99Ms:F2} | {r.CpuCores:F2} | {r.EventsPerSecond / r.CpuCores:N0} | {r.OtherCores:F2} | {r.EventsPerSecond / plain.EventsPerSecond:F2} |");
        }
        w.WriteLine();
        w.WriteLine("| Orleans run | start silo s | register N s | ms/registration, first 100 → last 100 | checkpoint all N s | GC pause % | gen2 GCs | level transitions | errors logged at silo stop | stored payload (SQLite) |");
        w.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in runs)
        {
            var stored = r.Stored.Count == 0 ? "–" : string.Join("; ", r.Stored.Select(s => $"{Short(s.Kind)}: {s.Rows:N0} rows, {s.Bytes / (double)Math.Max(1, s.Rows):N0} B/row"));
            w.WriteLine($"| {(r.Storage == StorageKind.Memory ? "memory" : "SQLite")} N={r.Models:N0} | {r.StartSeconds:F1} | {r.RegisterSeconds:F2} | {r.RegisterFirstMs:F2} → {r.RegisterLastMs:F2} | {r.CheckpointSeconds:F2} | " +
                        $"{r.GcPausePercent:F1} | {r.Gen2} | {r.LevelTransitions} | {r.ShutdownErrors:N0} | {stored} |");
        }
        w.WriteLine();
        w.WriteLine("### Where the time goes (plain loop, per batch)");
        w.WriteLine();
        var dissected = plain.Phases.Sum(p => p.MicrosPerBatch);
        w.WriteLine("| phase | µs/batch | share | bytes allocated/batch |");
        w.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (phase, us, bytes) in plain.Phases)
            w.WriteLine($"| {phase} | {us:F1} | {100 * us / dissected:F0} % | {bytes:N0} |");
        w.WriteLine($"| **sum of phases** (ModelMonitor.Apply measured whole: mean {plain.ApplyMicrosPerBatch:F1} µs, median {plain.MedianApplyMicros:F1} µs) | {dissected:F1} | 100 % | {plain.Phases.Sum(p => p.BytesPerBatch):N0} |");
        w.WriteLine($"| of which LatencySketch.Add alone (3 sketches × predictions) | {plain.SketchOnlyMicrosPerBatch:F1} | {100 * plain.SketchOnlyMicrosPerBatch / dissected:F0} % | 0 |");
        w.WriteLine($"| grain extra: ModelMonitor.Summary() after each batch | {plain.SummaryMicrosPerBatch:F1} | | |");
        w.WriteLine($"| driver: generating the batch (not in the plain figure; on the same 2 cores in the Orleans runs) | {plain.GeneratorMicrosPerBatch:F1} | | |");
        w.WriteLine();
        w.WriteLine($"Plain loop: {plain.AllocatedBytesPerEvent:F1} bytes allocated per event in Apply; GC during the loop: {plain.GcGen0} gen0, {plain.GcGen1} gen1, {plain.GcGen2} gen2, pauses {plain.GcPausePercent:F1} % of wall time.");
        w.WriteLine($"Orleans call alone (Ingest on an unregistered model, no monitor work): {overhead.RoundTripMicros:F1} µs round trip one at a time; " +
                    $"{overhead.CallsPerSecond:N0} calls/s at {overhead.InFlight} in flight over 100 grains. " +
                    $"Not paid co-hosted (EventBatch is [Immutable], passed by reference) but paid by a remote caller: " +
                    $"serializing one {overhead.BatchEvents:N0}-event batch {overhead.SerializeMicros:F0} µs, deserializing {overhead.DeserializeMicros:F0} µs, {overhead.SerializedBytes:N0} bytes.");
        w.WriteLine();

        if (fresh is not null && longRunning is not null)
        {
            w.WriteLine("### Memory per model (default windows: 60 × 1 min, 24 × 1 h, 30 × 1 d)");
            w.WriteLine();
            w.WriteLine("| what | models | GC bytes/model | EstimatedBytes() | windows est. / measured | pending est. / measured | ledger est. / measured | drift measured | detectors + segments measured | pending predictions / ring slots | ledger slots | checkpoint bytes |");
            w.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var m in new[] { fresh, longRunning })
            {
                w.WriteLine($"| ModelMonitor, {m.Fill} ({m.BatchesPerModel:N0} batches, {m.EventsPerModel:N0} events) | {m.Models:N0} | {m.MeasuredBytesPerModel:N0} | {m.EstimatedBytesPerModel:N0} | " +
                            $"{m.EstWindows:N0} / {m.MeasuredWindows:N0} | {m.EstPending:N0} / {m.MeasuredPending:N0} | {m.EstLedger:N0} / {m.MeasuredLedger:N0} | {m.MeasuredDrift:N0} | {m.MeasuredDetectorsAndSegments:N0} | " +
                            $"{m.PendingCount:N0} / {m.PendingSlots:N0} | {m.LedgerIds:N0} | {m.CheckpointBytes:N0} |");
            }
            if (grains is not null)
                w.WriteLine($"| model grain activation, {grains.Fill} (memory storage) | {grains.Models:N0} | {grains.MeasuredBytesPerModel:N0} | {grains.MonitorEstimatedBytesPerModel:N0} (monitor) | | | | | | | | |");
            w.WriteLine();
            w.WriteLine($"Sketches per model: {fresh.SketchesPerTier.Minute} minute, {fresh.SketchesPerTier.Hour} hour, {fresh.SketchesPerTier.Day} day buckets hold latencies " +
                        $"({fresh.WideSketchesPerTier.Minute} minute, {fresh.WideSketchesPerTier.Hour} hour, {fresh.WideSketchesPerTier.Day} day with counts wider than a byte); " +
                        $"average count array {fresh.AvgSketchBytes:N0} bytes: {fresh.AvgSketchSlots:N0} count slots of which {fresh.AvgSketchBins:N0} non-empty in the sampled fill, where a real bucket fills most of its range (long-running: {longRunning.AvgSketchBytes:N0} bytes).");
            w.WriteLine();
            w.WriteLine("| one LatencySketch (1 % relative error), lognormal median 40 ms σ 0.5 | bytes | non-empty bins |");
            w.WriteLine("| --- | ---: | ---: |");
            foreach (var (label, bytes, bins) in sketchSizes) w.WriteLine($"| {label} | {bytes:N0} | {bins:N0} |");
            w.WriteLine();
        }
        w.WriteLine($"Total run time: {elapsed.TotalSeconds:F0} s.");
    }

    private static string Short(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
