using System.Diagnostics;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Ingestion;
using Fleet.Monitoring.Levels;
using Fleet.Monitoring.Windows;

namespace Fleet.Benchmarks;

internal sealed record PlainResult(
    long Batches, long Events, double Seconds, double EventsPerSecond, double BatchesPerSecond,
    double ApplyMicrosPerBatch, double MedianApplyMicros, double AllocatedBytesPerEvent, double GeneratorMicrosPerBatch,
    double SummaryMicrosPerBatch, IReadOnlyList<(string Phase, double MicrosPerBatch, double BytesPerBatch)> Phases,
    double SketchOnlyMicrosPerBatch, double EventsPerBatch, int GcGen0, int GcGen1, int GcGen2, double GcPausePercent,
    double OtherCores, string LoadAverage);

/// <summary>
/// Part 2: the throughput workload through <see cref="ModelMonitor.Apply"/> in a plain single-threaded loop.
/// Batches are generated outside the timed region. Blocks of batches alternate with blocks sent through a
/// step-by-step copy of Apply built from the same public components (its own model and stream), timing each phase.
/// </summary>
internal static class PlainBench
{
    private const int Block = 25;

    public static PlainResult Run(BenchOptions options, TextWriter log)
    {
        var stream = new EventStream("plain-0", seed: 1, Workload.Now.AddDays(-1), options.LabelDelay);
        var monitor = NewMonitor("plain-0");
        var dissected = new DissectedMonitor(new EventStream("plain-1", seed: 2, Workload.Now.AddDays(-1), options.LabelDelay), options);

        // Warm-up: JIT, tiering, the pending ring and the sketches reach their working size.
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3 / 2;
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            Check(monitor.Apply(stream.Next(options.BatchPredictions, options.BatchSpan)));
            dissected.Step(measuring: false);
        }

        long batches = 0, events = 0, applyTicks = 0, generatorTicks = 0, allocated = 0, summaryTicks = 0;
        var perBatch = new List<double>(1 << 14);
        var gc0 = GC.CollectionCount(0); var gc1 = GC.CollectionCount(1); var gc2 = GC.CollectionCount(2);
        var pause0 = GC.GetTotalPauseDuration();
        var wall = Stopwatch.StartNew();
        var meter = new CpuMeter();
        var budget = Stopwatch.Frequency * options.Seconds;
        while (applyTicks < budget)
        {
            // Whole Apply and the dissected copy alternate in blocks, so both see the same machine conditions.
            for (var k = 0; k < Block; k++)
            {
                var g = Stopwatch.GetTimestamp();
                var batch = stream.Next(options.BatchPredictions, options.BatchSpan);
                var t0 = Stopwatch.GetTimestamp();
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                var applied = monitor.Apply(batch);
                var a1 = GC.GetAllocatedBytesForCurrentThread();
                var t1 = Stopwatch.GetTimestamp();
                monitor.Summary(); // what ModelGrain.Ingest does after every accepted batch
                var t2 = Stopwatch.GetTimestamp();
                Check(applied);
                generatorTicks += t0 - g;
                applyTicks += t1 - t0;
                summaryTicks += t2 - t1;
                allocated += a1 - a0;
                perBatch.Add((t1 - t0) * 1e6 / Stopwatch.Frequency);
                batches++;
                events += batch.Predictions.Count + batch.Outcomes.Count;
            }
            for (var k = 0; k < Block; k++) dissected.Step(measuring: true);
        }
        wall.Stop();
        var reading = meter.Stop();
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
        var (gen0, gen1, gen2) = (GC.CollectionCount(0) - gc0, GC.CollectionCount(1) - gc1, GC.CollectionCount(2) - gc2);
        perBatch.Sort();

        var seconds = (double)applyTicks / Stopwatch.Frequency;
        log.WriteLine($"  plain loop: {batches:N0} batches, {events:N0} events in {seconds:F2} s of Apply time, {events / seconds:N0} events/s " +
                      $"(other processes used {reading.OtherCores:F2} cores meanwhile); {dissected.Batches:N0} batches through the dissected copy");

        static double Us(long ticks, long n) => ticks * 1e6 / Stopwatch.Frequency / n;
        return new PlainResult(
            batches, events, seconds, events / seconds, batches / seconds,
            Us(applyTicks, batches), Statistics.Percentile(perBatch, 0.5), (double)allocated / events, Us(generatorTicks, batches), Us(summaryTicks, batches),
            dissected.Phases(), dissected.SketchOnlyMicros, (double)events / batches, gen0, gen1, gen2, 100 * pause / wall.Elapsed.TotalMilliseconds,
            reading.OtherCores, reading.LoadAverage);
    }

    public static ModelMonitor NewMonitor(string id) => new(Models.Definition(id), new LevelState(), new WindowCheckpoint());

    public static void Check(ModelMonitor.Applied applied)
    {
        if (!applied.Result.Accepted) throw new InvalidOperationException($"batch refused: {applied.Result.Error}");
    }

    /// <summary>
    /// Mirrors ModelMonitor.Apply (and its Reject/Evaluate) phase by phase on the same public components; each loop is
    /// split into passes so a phase is timed once per batch, not per event.
    /// </summary>
    private sealed class DissectedMonitor(EventStream stream, BenchOptions options)
    {
        private static readonly string[] Names =
        [
            "ledger lookup + record", "validation (EventBatchValidator)", "pending: duplicate-id check",
            "windows: record predictions (3 tiers, incl. sketch)", "pending: add predictions",
            "pending: take outcomes", "windows: advance + record outcomes", "evaluate: EvaluationMetrics (running counts, the latency window's P95 read from its sketches)",
            "evaluate: readings (ModelSignals) + DegradationPolicy",
        ];

        private readonly ModelDefinition _definition = Models.Definition("plain-1");
        private readonly LevelState _level = new();
        private readonly ModelReadings _readings = new();
        private readonly WindowCheckpoint _state = new();
        private readonly LatencySketch[] _sketches = [new(), new(), new()];
        private readonly long[] _ticks = new long[Names.Length];
        private readonly long[] _bytes = new long[Names.Length];
        private readonly long[] _takenTicks = new long[IngestionLimits.MaxBatchEvents];
        private readonly double[] _takenScore = new double[IngestionLimits.MaxBatchEvents];
        private readonly bool[] _taken = new bool[IngestionLimits.MaxBatchEvents];
        private long _sketchTicks;

        public long Batches { get; private set; }

        public double SketchOnlyMicros => _sketchTicks * 1e6 / Stopwatch.Frequency / Batches;

        public List<(string, double, double)> Phases() =>
            Names.Select((name, i) => (name, _ticks[i] * 1e6 / Stopwatch.Frequency / Batches, (double)_bytes[i] / Batches)).ToList();

        public void Step(bool measuring)
        {
            var batch = stream.Next(options.BatchPredictions, options.BatchSpan);
            var windows = _state.Windows;
            var phase = 0;
            var t = Stopwatch.GetTimestamp();
            var a = GC.GetAllocatedBytesForCurrentThread();
            void Lap()
            {
                var now = Stopwatch.GetTimestamp();
                var alloc = GC.GetAllocatedBytesForCurrentThread();
                if (measuring)
                {
                    _ticks[phase] += now - t;
                    _bytes[phase] += alloc - a;
                }
                phase++;
                t = Stopwatch.GetTimestamp();
                a = GC.GetAllocatedBytesForCurrentThread();
            }

            // Reject
            if (_state.Ledger.Contains(batch.BatchId)) throw new InvalidOperationException("duplicate");
            _state.Ledger.Record(batch.BatchId);
            Lap();
            if (EventBatchValidator.Validate(batch, windows.WatermarkTicks) is { } error) throw new InvalidOperationException(error.ToString());
            Lap();
            foreach (var p in batch.Predictions)
                if (_state.Pending.Contains(p.PredictionId)) throw new InvalidOperationException("pending id");
            Lap();
            // Apply: predictions
            foreach (var p in batch.Predictions)
            {
                var degraded = p.ServedLevel >= (int)DegradationLevel.RulesFallback;
                windows.RecordPrediction(p.Timestamp.UtcTicks, new PredictionSample(p.LatencyMs, p.Score is not null, p.Fallback, degraded, p.Error, p.Timeout));
            }
            Lap();
            foreach (var p in batch.Predictions)
                if (p.Score is { } score) _state.Pending.Add(p.PredictionId, p.Timestamp.UtcTicks, score);
            Lap();
            // Apply: outcomes
            var outcomes = batch.Outcomes;
            for (var i = 0; i < outcomes.Count; i++)
                _taken[i] = _state.Pending.TryTake(outcomes[i].PredictionId, out _takenTicks[i], out _takenScore[i]);
            Lap();
            var horizon = WindowSpans.Horizon.Ticks;
            for (var i = 0; i < outcomes.Count; i++)
            {
                windows.Advance(outcomes[i].Timestamp.UtcTicks);
                if (_taken[i] && _takenTicks[i] >= windows.WatermarkTicks - horizon)
                    windows.RecordOutcome(_takenTicks[i], _takenScore[i], outcomes[i].Label, _definition.DecisionThreshold);
            }
            _state.Batches++;
            Lap();
            // Evaluate
            var metrics = windows.EvaluationMetrics(_definition.QualityMetric, _definition.Thresholds.Required(Fleet.Catalogue.ThresholdCatalogue.LatencyP95).Window); // as ModelMonitor.Evaluate
            Lap();
            DegradationPolicy.Evaluate(_definition, ModelSignals.Fill(_readings, _definition, metrics, _level.Level, null, []), _level,
                windows.Watermark!.Value);
            Lap();

            // The sketch alone: the same latencies into three sketches (one per tier), as RecordPrediction does.
            var s0 = Stopwatch.GetTimestamp();
            foreach (var p in batch.Predictions)
            {
                _sketches[0].Add(p.LatencyMs);
                _sketches[1].Add(p.LatencyMs);
                _sketches[2].Add(p.LatencyMs);
            }
            if (measuring)
            {
                _sketchTicks += Stopwatch.GetTimestamp() - s0;
                Batches++;
            }
        }
    }
}
