using System.Diagnostics;
using System.Reflection;
using Fleet.Monitoring;
using Fleet.Monitoring.Ingestion;
using Fleet.Monitoring.Levels;
using Fleet.Monitoring.Windows;
using Orleans.Serialization;

namespace Fleet.Benchmarks;

internal sealed record FillShape(string Name, double EventsPerSecond, int SampledPerStep, TimeSpan FullRateTail, TimeSpan BatchSpan, TimeSpan LabelDelay,
    int Features = Workload.DefaultFeatures)
{
    /// <summary>The workload beside a figure: rate, label delay and features.</summary>
    public string Workload => $"{EventsPerSecond:0.#} events/s, {LabelDelay.TotalSeconds:0} s label delay, {Features} features";

    public IEnumerable<IReadOnlyList<FillSchedule.Segment>> Batches => FillSchedule.For(EventsPerSecond, SampledPerStep, FullRateTail, BatchSpan, LabelDelay);
}

internal sealed record MonitorMemory(
    string Fill, int Models, double Seconds, long EventsPerModel, long BatchesPerModel,
    double MeasuredBytesPerModel, double EstimatedBytesPerModel,
    double EstWindows, double EstPending, double EstLedger,
    double MeasuredWindows, double MeasuredPending, double MeasuredLedger, double MeasuredDrift, double MeasuredDetectorsAndSegments, double MeasuredOwner,
    double PendingCount, double PendingSlots, double LedgerIds,
    (int Minute, int Hour, int Day) SketchesPerTier, (int Minute, int Hour, int Day) WideSketchesPerTier, double AvgSketchBytes, double AvgSketchBins, double AvgSketchSlots,
    int CheckpointBytes);

internal sealed record GrainMemory(string Fill, int Models, double Seconds, double MeasuredBytesPerModel, double MonitorEstimatedBytesPerModel,
    GrainParts? Parts = null);

/// <summary>
/// What a model grain holds beside its monitor, measured in the silo the filled grains live in, per model: an activation
/// alone (an unregistered model: Orleans' activation, its four persistent states read back empty, two timers), what
/// registering it adds, what collecting every activation frees and what is left after, and the same empty states and an
/// empty monitor built without Orleans, so Orleans' own share can be told from Fleet's.
/// </summary>
internal sealed record GrainParts(double Activation, double Registration, double Collected, double Residue,
    double EmptyStates, double EmptyWindowCheckpoint, double EmptyMonitor, double LevelHistory)
{
    /// <summary>Orleans' own per activation: the activation alone less the empty states it reads.</summary>
    public double OrleansActivation => Activation - EmptyStates;

    /// <summary>
    /// What registering adds beyond the monitor's own objects (an empty monitor less the empty states it is built on): the
    /// definition, the registry's line, the published summary.
    /// </summary>
    public double RegistrationOutsideMonitor => Registration - (EmptyMonitor - EmptyStates);

    /// <summary>What a filled grain's activation held: collected less the idle grains' activation and registration.</summary>
    public double FilledActivation => Collected - Activation - Registration;
}

/// <summary>Part 3: bytes per model at the default window settings, measured with GC.GetTotalMemory(true).</summary>
internal static class MemoryBench
{
    public static FillShape Fresh(BenchOptions o) => new("30 d filled, 2 min at 10 ev/s tail", 10, o.SampledPerStep, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    /// <summary>The same history, then 3 h 7 min at 10 events/s: more than 100,000 predictions and 1,024 batches (the ledger keeps 300).</summary>
    public static FillShape LongRunning(BenchOptions o) => new("30 d filled, 3 h 7 min at 10 ev/s tail", 10, o.SampledPerStep, TimeSpan.FromSeconds(11_220), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    public static MonitorMemory Monitors(int count, FillShape fill, Serializer? serializer, TextWriter log)
    {
        var monitors = new ModelMonitor[count];
        var before = Settle();
        var clock = Stopwatch.StartNew();
        long events = 0, batches = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var id = $"mem-{i:D5}";
            var monitor = PlainBench.NewMonitor(id);
            var stream = new EventStream(id, 5000 + i, FillSchedule.Start, fill.LabelDelay, fill.Features);
            long e = 0, b = 0;
            foreach (var segments in fill.Batches)
            {
                var batch = stream.Next(segments);
                PlainBench.Check(monitor.Apply(batch));
                e += batch.Predictions.Count + batch.Outcomes.Count;
                b++;
            }
            if (i == 0)
            {
                events = e;
                batches = b;
            }
            monitors[i] = monitor;
        });
        clock.Stop();
        var after = Settle();

        var est = monitors.Average(m => (double)m.EstimatedBytes());
        var estWindows = monitors.Average(m => (double)m.State.Windows.EstimatedBytes());
        var estPending = monitors.Average(m => (double)m.State.Pending.EstimatedBytes());
        var estLedger = monitors.Average(m => (double)m.State.Ledger.EstimatedBytes());
        var pendingCount = monitors.Average(m => (double)m.State.Pending.Count);
        var pendingSlots = monitors.Average(m => (double)ArrayLength(m.State.Pending, "_keys"));
        var ledgerIds = monitors.Average(m => (double)ArrayLength(m.State.Ledger, "_ring"));
        var sketches = SketchCensus(monitors);
        var checkpointBytes = serializer?.SerializeToArray(monitors[0].State).Length ?? -1;

        // Measured breakdown: swap each part of every model for one shared empty instance and see what the GC frees.
        var pending = Release(monitors, m => m.State.Pending = Shared.Pending);
        var ledger = Release(monitors, m => m.State.Ledger = Shared.Ledger);
        var windows = Release(monitors, m => m.State.Windows = Shared.Windows);
        var drift = Release(monitors, m => m.State.Drift = Shared.Drift);
        var detectorsAndSegments = Release(monitors, m =>
        {
            m.State.Detectors = Shared.Detectors;
            m.State.Segments = Shared.Segments;
        });
        var owner = Release(monitors, m => m.State.Owner = Shared.Owner);

        var measured = (after - before) / (double)count;
        log.WriteLine($"  {count:N0} ModelMonitors ({fill.Name}): filled in {clock.Elapsed.TotalSeconds:F1} s, " +
                      $"{measured:N0} B/model measured, {est:N0} B/model EstimatedBytes()");
        GC.KeepAlive(monitors);
        return new MonitorMemory(fill.Name, count, clock.Elapsed.TotalSeconds, events, batches, measured, est,
            estWindows, estPending, estLedger, windows / count, pending / count, ledger / count, drift / count, detectorsAndSegments / count, owner / count,
            pendingCount, pendingSlots, ledgerIds, sketches.PerTier, sketches.WidePerTier, sketches.AvgBytes, sketches.AvgBins, sketches.AvgSlots, checkpointBytes);
    }

    /// <summary>
    /// Bytes per model grain. On <see cref="StorageKind.Sqlite"/> (the production configuration) what the grains write
    /// goes to the database file; on memory storage the heap also holds every written state's serialised copy (each
    /// checkpoint landing during the fill), which no deployed silo keeps.
    /// </summary>
    public static async Task<GrainMemory> GrainsAsync(int count, FillShape fill, MonitorMemory? sameFill, BenchOptions options, StorageKind storage, TextWriter log,
        bool breakdown = false)
    {
        await using var silo = await BenchSilo.StartAsync(storage);
        // Warm the paths and the registry grain with one model that stays in the baseline.
        await FillGrain(silo, "warm", 1, fill);
        var before = Settle();
        var clock = Stopwatch.StartNew();
        await OrleansBench.ForEach(count, options.InFlightFor(count), i => FillGrain(silo, $"grain-{i:D5}", 9000 + i, fill));
        clock.Stop();
        var after = Settle();
        var measured = (after - before) / (double)count;
        log.WriteLine($"  {count:N0} model grains ({fill.Name}, {StorageName(storage)}): filled in {clock.Elapsed.TotalSeconds:F1} s, {measured:N0} B/model measured");
        var parts = breakdown ? await PartsAsync(silo, count, options, before) : null;
        if (parts is not null) log.WriteLine($"  grain's own parts: {GrainPartsText(parts)}");
        return new GrainMemory(fill.Name, count, clock.Elapsed.TotalSeconds, measured, sameFill?.EstimatedBytesPerModel ?? double.NaN, parts);
    }

    public static string GrainPartsText(GrainParts p) =>
        $"a filled grain's activation held {p.FilledActivation:N0} B (freed when collected); left after every activation (filled and unregistered ones) was collected {p.Residue:N0} B; " +
        $"an unregistered activation {p.Activation:N0} B (its empty states {p.EmptyStates:N0} B, of which the empty window checkpoint {p.EmptyWindowCheckpoint:N0} B; " +
        $"Orleans' own {p.OrleansActivation:N0} B); registering adds {p.Registration:N0} B ({p.RegistrationOutsideMonitor:N0} B outside the monitor's own objects: " +
        $"definition, registry line, published summary); an empty monitor alone {p.EmptyMonitor:N0} B; level transitions held {p.LevelHistory:F1} a model";

    /// <summary>
    /// Measures <see cref="GrainParts"/> with as many new grains as were filled, in the silo the filled ones still live in;
    /// <paramref name="baseline"/> is the heap before the fill. Collects every activation at the end.
    /// </summary>
    private static async Task<GrainParts> PartsAsync(BenchSilo silo, int count, BenchOptions options, long baseline)
    {
        var transitions = 0L;
        await OrleansBench.ForEach(count, options.InFlightFor(count), async i =>
            Interlocked.Add(ref transitions, (await silo.Grains.GetGrain<IModelGrain>($"grain-{i:D5}").GetSnapshot())?.History.Count ?? 0));
        var idle = Enumerable.Range(0, count).Select(i => silo.Grains.GetGrain<IModelGrain>($"idle-{i:D5}")).ToArray();
        var before = Settle();
        await OrleansBench.ForEach(count, options.InFlightFor(count), i => idle[i].GetSnapshot());
        var activated = Settle();
        await OrleansBench.ForEach(count, options.InFlightFor(count), i => idle[i].Register(Models.Definition($"idle-{i:D5}")));
        var registered = Settle();
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var collected = Settle();

        var states = new object[count * 4];
        for (var i = 0; i < count; i++)
        {
            states[4 * i] = new ModelDefinitionRecord();
            states[4 * i + 1] = new LevelState();
            states[4 * i + 2] = new ActionLog();
        }
        var withSmallStates = Settle();
        for (var i = 0; i < count; i++) states[4 * i + 3] = new WindowCheckpoint();
        var withStates = Settle();
        var monitors = new ModelMonitor[count];
        for (var i = 0; i < count; i++) monitors[i] = PlainBench.NewMonitor($"plain-{i:D5}");
        var withMonitors = Settle();
        GC.KeepAlive(states);
        GC.KeepAlive(monitors);
        double Per(long bytes) => bytes / (double)count;
        return new GrainParts(Per(activated - before), Per(registered - activated), Per(registered - collected), Per(collected - baseline),
            Per(withStates - collected), Per(withStates - withSmallStates), Per(withMonitors - withStates), transitions / (double)count);
    }

    public static string StorageName(StorageKind storage) => storage == StorageKind.Sqlite ? "SQLite storage" : "memory storage";

    /// <summary>What each part of a monitor held, as <see cref="Monitors"/> freed it part by part.</summary>
    public static string Parts(MonitorMemory m) =>
        $"windows {m.MeasuredWindows:N0} B, pending {m.MeasuredPending:N0} B, ledger {m.MeasuredLedger:N0} B, drift {m.MeasuredDrift:N0} B, " +
        $"detectors and segments {m.MeasuredDetectorsAndSegments:N0} B, owner {m.MeasuredOwner:N0} B";

    /// <summary>One sketch per bucket size, with and without the 0.1 % of calls that time out at 1 s.</summary>
    public static IReadOnlyList<(string Label, long Bytes, int NonEmptyBins)> SketchSizes()
    {
        var rng = new Random(11);
        double Lognormal()
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return Math.Exp(Math.Log(Workload.LatencyMedianMs) + Workload.LatencySigma * z);
        }
        var rows = new List<(string, long, int)>();
        foreach (var (label, n) in new[] { ("1 min at 10 ev/s", 600), ("1 h at 10 ev/s", 36_000), ("1 d at 10 ev/s", 864_000) })
        {
            foreach (var timeouts in new[] { false, true })
            {
                var sketch = new LatencySketch();
                for (var i = 0; i < n; i++) sketch.Add(timeouts && i % 1000 == 500 ? Workload.TimeoutLatencyMs : Lognormal());
                rows.Add(($"{label}{(timeouts ? ", 0.1 % timeouts at 1 s" : ", no timeouts")} ({n:N0} values)", sketch.EstimatedBytes, sketch.NonEmptyBins));
            }
        }
        return rows;
    }

    private static async Task FillGrain(BenchSilo silo, string id, int seed, FillShape fill)
    {
        var grain = silo.Grains.GetGrain<IModelGrain>(id);
        await grain.Register(Models.Definition(id));
        var stream = new EventStream(id, seed, FillSchedule.Start, fill.LabelDelay, fill.Features);
        foreach (var segments in fill.Batches) OrleansBench.Check(await grain.Ingest(stream.Next(segments)));
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Release(ModelMonitor[] monitors, Action<ModelMonitor> swap)
    {
        var before = Settle();
        foreach (var m in monitors) swap(m);
        return before - Settle();
    }

    private static class Shared
    {
        public static readonly PendingPredictions Pending = new();
        public static readonly BatchLedger Ledger = new();
        public static readonly RollingWindows Windows = new();
        public static readonly Monitoring.Drift.DriftTracker Drift = new();
        public static readonly QualityDetectors Detectors = new();
        public static readonly SegmentQuality Segments = new();
        public static readonly Monitoring.Owner.OwnerState Owner = new();
    }

    private static int ArrayLength(object owner, string field) =>
        ((Array)owner.GetType().GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(owner)!).Length;

    // Read-only look into the rings (private fields) to confirm every bucket of every tier holds a sketch, and
    // which hold counts wider than a byte, as a real hour's or day's must.
    private static ((int, int, int) PerTier, (int, int, int) WidePerTier, double AvgBytes, double AvgBins, double AvgSlots) SketchCensus(ModelMonitor[] monitors)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var tiers = new[] { "_minutes", "_hours", "_days" }.Select(n => typeof(RollingWindows).GetField(n, flags)!).ToArray();
        var bucketsField = typeof(WindowTier).GetField("_buckets", flags)!;
        var countsField = typeof(LatencyBins).GetField("_counts", flags)!; // one count array, of any width
        var perTier = new long[3];
        var widePerTier = new long[3];
        long sketches = 0, bytes = 0, bins = 0, slots = 0;
        foreach (var m in monitors)
        {
            for (var t = 0; t < 3; t++)
            {
                var tier = (WindowTier)tiers[t].GetValue(m.State.Windows)!;
                foreach (var bucket in (MetricBucket[])bucketsField.GetValue(tier)!)
                {
                    if (bucket.Latency is not { Count: > 0 } sketch) continue;
                    perTier[t]++;
                    sketches++;
                    bytes += sketch.ArrayBytes;
                    bins += sketch.NonEmptyBins;
                    var counts = (Array?)countsField.GetValue(sketch);
                    slots += counts?.Length ?? 0;
                    if (counts is not (null or byte[])) widePerTier[t]++;
                }
            }
        }
        var n = monitors.Length;
        return (((int)(perTier[0] / n), (int)(perTier[1] / n), (int)(perTier[2] / n)),
            ((int)(widePerTier[0] / n), (int)(widePerTier[1] / n), (int)(widePerTier[2] / n)), (double)bytes / sketches, (double)bins / sketches, (double)slots / sketches);
    }
}
