using System.Diagnostics;

namespace Fleet.Benchmarks;

/// <summary>
/// `all`: every part in sequence (throughput through grains and in a plain loop, memory per model, a simulated
/// day, drift statistics, event-to-browser latency, recovery after a crash), then one report of every figure against the performance bar.
/// A part that throws is reported as not measured, with the reason, and the run goes on.
/// </summary>
internal static class AllBench
{
    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        AllOptions o;
        try
        {
            o = AllOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(AllOptions.Usage);
            return 2;
        }
        var total = Stopwatch.StartNew();
        var loadBefore = CpuMeter.LoadAverage();
        var machine = Machine.Describe();
        var command = "dotnet run -c Release --project tests/Fleet.Benchmarks -- " + string.Join(" ", args);
        log.WriteLine($"Fleet benchmark, all parts: {string.Join(" ", args)}");
        log.WriteLine(machine);
        var book = new FigureBook();

        IReadOnlyList<Http.LoadResult> http = [];
        if (o.Parts.Contains("http")) await Part("HTTP ingest", book, log, async () => http = await Http.HttpIngestPart.RunAsync(o, book, log, HostLog), hostsLogToFile: true);
        if (o.Parts.Contains("actor")) await Part("actor layer", book, log, () => ActorPart.RunAsync(o, book, log), hostsLogToFile: true);
        if (o.Parts.Contains("throughput")) await Part("throughput", book, log, () => ThroughputAsync(o, book, log));
        if (o.Parts.Contains("memory")) await Part("memory", book, log, () => MemoryAsync(o, book, log));
        if (o.Parts.Contains("sim")) await Part("simulated day", book, log, () => SimulatedDayAsync(o, book, log), hostsLogToFile: true);
        if (o.Parts.Contains("drift")) await Part("drift", book, log, () => Drift(o, book, log));
        if (o.Parts.Contains("latency")) await Part("browser latency", book, log, () => LatencyAsync(o, http, book, log), hostsLogToFile: true);
        if (o.Parts.Contains("recovery")) await Part("recovery", book, log, () => Http.RecoveryPart.RunAsync(o, book, log, HostLog), hostsLogToFile: true);

        var report = BarReport.Render(machine, command, book, total.Elapsed, loadBefore, CpuMeter.LoadAverage());
        log.WriteLine();
        log.WriteLine(report);
        if (o.MarkdownPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, report);
            log.WriteLine($"Report written to {Path.GetFullPath(path)}");
        }
        return 0;
    }

    /// <summary>Where the hosts started by the simulated-day and browser-latency parts log (see <see cref="HostOutput"/>).</summary>
    private const string HostLog = "artifacts/bench/hosts.log";

    private static async Task Part(string name, FigureBook book, TextWriter log, Func<Task> part, bool hostsLogToFile = false)
    {
        log.WriteLine($"[{name}]{(hostsLogToFile ? $" (its hosts log to {HostLog})" : "")}");
        try
        {
            using var hosts = hostsLogToFile ? HostOutput.To(HostLog) : null;
            await part();
        }
        catch (Exception e)
        {
            log.WriteLine($"  {name} failed: {e}");
            book.Add(Figure.NotMeasured(name, "the part failed", null, null, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}"));
        }
    }

    private static async Task ThroughputAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        var core = o.Core;
        foreach (var n in o.Sizes)
        {
            var plain = PlainFleetBench.Run(n, core, log, threads: 1);
            var grains = await OrleansBench.RunAsync(StorageKind.Memory, n, core, log);
            var judged = n == PerformanceBar.ThroughputModels;
            var batch = $"batches of {core.BatchPredictions:N0} predictions + outcomes, {core.Seconds} s measured";
            book.Add(new Figure("throughput", "plain loop, 1 thread, generator included", n, plain.EventsPerSecond, "events/s", null, plain.Cpu.OtherCores,
                $"{batch}; Apply + Summary alone {plain.ApplyEventsPerThreadSecond:N0} events/s; {plain.Cpu.ProcessCores:F2} cores used"));
            book.Add(new Figure("throughput", "Orleans: generator → grains → windows → detectors → snapshots", n, grains.EventsPerSecond, "events/s",
                judged ? PerformanceBar.EventsPerSecond : null, grains.OtherCores,
                $"{batch}; {grains.InFlight} in flight; batch P50 {grains.P50Ms:N2} ms, P99 {grains.P99Ms:N2} ms; {grains.CpuCores:F2} cores used; GC pause {grains.GcPausePercent:F0} %"));
            book.Add(new Figure("throughput", "Orleans on 2 cores ÷ plain on 1 thread (events/s; not matched: see actor layer)", n, grains.EventsPerSecond / plain.EventsPerSecond, "×",
                null, Math.Max(grains.OtherCores, plain.Cpu.OtherCores),
                $"Orleans used {grains.CpuCores:F2} cores, the plain loop {plain.Cpu.ProcessCores:F2}; others: the larger of the two runs'"));
        }
        if (!o.Sizes.Contains(PerformanceBar.ThroughputModels))
        {
            book.Add(Figure.NotMeasured("throughput", "Orleans events/s", PerformanceBar.ThroughputModels, PerformanceBar.EventsPerSecond, "size not in --sizes"));
        }
    }

    // The production configuration: memory storage would also hold each written checkpoint's serialised copy in the heap.
    private const StorageKind GrainStorage = StorageKind.Sqlite;

    private static async Task MemoryAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        var core = o.Core;
        var fill = MemoryBench.Fresh(core);
        foreach (var n in o.MemorySizes)
        {
            var meter = new CpuMeter();
            var grains = await MemoryBench.GrainsAsync(n, fill, null, core, GrainStorage, log, breakdown: true);
            var cpu = meter.Stop();
            book.Add(new Figure("memory", "bytes per active model (grain activation, one silo)", n, grains.MeasuredBytesPerModel, "B",
                n == PerformanceBar.MemoryModels ? PerformanceBar.BytesPerModel : null, cpu.OtherCores,
                $"{fill.Workload}; default windows filled across the 30-day tier ({fill.Name}); {MemoryBench.StorageName(GrainStorage)}; GC.GetTotalMemory after compacting GCs, ÷ {n:N0}; fill took {grains.Seconds:F0} s"));
            // The grain's own cost, in parts (after the figure above, in the same silo, with as many new grains).
            book.Add(new Figure("memory", "grain's own parts: activation alone, per model", n, grains.Parts!.Activation, "B", null, cpu.OtherCores,
                MemoryBench.GrainPartsText(grains.Parts)));
        }
        // The same fill with 20 features a prediction: drift keeps a histogram per feature in its reference and each slice.
        var wide = fill with { Features = WideFeatures };
        var wideModels = o.MemorySizes.Max();
        var wideMeter = new CpuMeter();
        var wideGrains = await MemoryBench.GrainsAsync(wideModels, wide, null, core, GrainStorage, log);
        book.Add(new Figure("memory", $"bytes per active model at {WideFeatures} features (grain activation, one silo)", wideModels, wideGrains.MeasuredBytesPerModel, "B",
            null, wideMeter.Stop().OtherCores,
            $"{wide.Workload}; otherwise as above; fill took {wideGrains.Seconds:F0} s"));
        // The same fresh fill in plain monitors (no Orleans): the grain's own cost (activation, persistent states, timers,
        // the registry's line) is the grain figure less this one.
        var freshMeter = new CpuMeter();
        var fresh = MemoryBench.Monitors(LongRunningModels, fill, null, log);
        book.Add(new Figure("memory", "bytes per model, fresh fill (ModelMonitor)", LongRunningModels, fresh.MeasuredBytesPerModel, "B", null,
            freshMeter.Stop().OtherCores, $"{fill.Workload}; {fill.Name}; {MemoryBench.Parts(fresh)}"));
        // Its parts at 20 features: drift grows with the features (a histogram per feature in the reference and each slice).
        var wideMonitorsMeter = new CpuMeter();
        var freshWide = MemoryBench.Monitors(LongRunningModels, wide, null, log);
        book.Add(new Figure("memory", $"bytes per model, fresh fill at {WideFeatures} features (ModelMonitor)", LongRunningModels, freshWide.MeasuredBytesPerModel, "B", null,
            wideMonitorsMeter.Stop().OtherCores, $"{wide.Workload}; {wide.Name}; {MemoryBench.Parts(freshWide)}"));
        if (!o.MemorySizes.Contains(PerformanceBar.MemoryModels))
        {
            book.Add(Figure.NotMeasured("memory", "bytes per active model", PerformanceBar.MemoryModels, PerformanceBar.BytesPerModel, "size not in --sizes"));
        }

        // The fresh fill catches every model while its drift reference is still being collected (the first 5,000
        // predictions of a version); a model that has run for hours holds its fitted reference, a full batch ledger
        // and a settled pending ring instead. Its per-model figure does not depend on the fleet's size.
        var steadyMeter = new CpuMeter();
        var steady = MemoryBench.Monitors(LongRunningModels, MemoryBench.LongRunning(core), null, log);
        var steadyCpu = steadyMeter.Stop();
        book.Add(new Figure("memory", "bytes per model, steady state (ModelMonitor)", LongRunningModels, steady.MeasuredBytesPerModel, "B", null,
            steadyCpu.OtherCores, $"{MemoryBench.LongRunning(core).Workload}; {steady.Fill}: reference fitted, 300-batch ledger full; {MemoryBench.Parts(steady)}"));
    }

    private const int LongRunningModels = 20;
    private const int WideFeatures = 20;

    private static async Task SimulatedDayAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        var scale = 24 / o.SimHours;
        var projected = Math.Abs(scale - 1) > 1e-9;
        foreach (var models in o.DayModels)
        {
            var scenario = SimBench.Day(models, o.DayRate, TimeSpan.FromHours(o.SimHours));
            var shape = $"{o.SimHours:0.##} simulated h, {o.DayRate} predictions/s per model at the daily peak (web shape), 60-s ticks, four incidents";
            var grains = await SimBench.MeasureAsync(scenario, plain: false);
            log.WriteLine($"  {models:N0} models, Orleans: {grains.Events:N0} events in {grains.WallSeconds:F1} s; {grains.Split}; load {grains.Cpu.LoadAverage}");
            var projection = projected ? $"; measured {grains.WallSeconds:F1} s for {o.SimHours:0.##} h, × {scale:0.##} (linear; the web shape's hours differ)" : "";
            var bar = models == 1000 ? PerformanceBar.SimulatedDay : models == PerformanceBar.LargeDayModels ? PerformanceBar.SimulatedLargeDay : null;
            book.Add(new Figure("simulated day", "24 simulated hours, Orleans grains", models, grains.WallSeconds * scale, "s", bar,
                grains.Cpu.OtherCores, $"{shape}; {grains.Events:N0} events, {grains.Events / grains.WallSeconds:N0} events/s; {grains.Split}; load average {grains.Cpu.LoadAverage}; {Detection(grains)}{projection}", projected));
            // The plain loop is the comparison at 1,000 models; at 10,000 it would double the part's time for no bar.
            if (models > 1000) continue;
            var plain = await SimBench.MeasureAsync(scenario, plain: true);
            log.WriteLine($"  {models:N0} models, plain loop: {plain.Events:N0} events in {plain.WallSeconds:F1} s; {plain.Split}; load {plain.Cpu.LoadAverage}");
            book.Add(new Figure("simulated day", "24 simulated hours, plain loop (monitors on one thread, generation on every core)", models, plain.WallSeconds * scale, "s", null,
                plain.Cpu.OtherCores, $"{plain.Events:N0} events, {plain.Events / plain.WallSeconds:N0} events/s; {plain.Split}; load average {plain.Cpu.LoadAverage}; {Detection(plain)}", projected));
            book.Add(new Figure("simulated day", "Orleans ÷ plain loop (events/s)", models, plain.WallSeconds / grains.WallSeconds, "×", null,
                Math.Max(grains.Cpu.OtherCores, plain.Cpu.OtherCores), "same scenario and seed through both paths"));
        }
    }

    private static string Detection(SimResult r) =>
        $"{r.LevelTransitions:N0} level transitions, expectations {r.ExpectationsPassed} of {r.Expectations} met";

    private static Task Drift(AllOptions o, FigureBook book, TextWriter log)
    {
        var r = DriftBench.Run(o.DriftFeatures, o.DriftRows, o.DriftBudget, log);
        foreach (var rate in r.Rates)
        {
            book.Add(new Figure("drift", rate.Operation, null, rate.FeatureRowsPerSecond, "features × rows/s", null, r.Cpu.OtherCores,
                $"{rate.PerSecond:N0} {rate.Unit}; {r.Features} features ({r.NumericFeatures} numeric), {r.Rows:N0} rows a window, {r.Bins} bins"));
        }

        var c = DriftVersusSciPy.Run(o.DriftFeatures, o.DriftCurrentRows, DriftFiles, log);
        var rows = $"{c.ReferenceRows:N0} reference and {c.CurrentRows:N0} current rows of {c.Features} features, read from the same files ({DriftFiles})";
        book.Add(new Figure("drift", "rows → verdict, Fleet streaming (a FeatureRow a row, DriftProfile.Add, DriftCalculator.Calculate)", null, c.FleetSeconds, "s", null,
            c.Cpu.OtherCores, $"{rows}; reading the files included; one thread; load average {c.Cpu.LoadAverage}"));
        book.Add(new Figure("drift", "same rows, SciPy batch computation (ks_2samp, wasserstein_distance; chi2_contingency, jensenshannon)", null, c.SciPyComputeSeconds, "s", null,
            c.Cpu.OtherCores, $"{rows}; numpy.fromfile of both took {c.SciPyReadSeconds:F2} s more, not counted"));
        book.Add(new Figure("drift", "Fleet rows → verdict ÷ SciPy computation (time)", null, c.FleetSeconds / c.SciPyComputeSeconds, "×", DriftBar,
            c.Cpu.OtherCores, "Fleet's time includes reading the rows; SciPy's does not"));
        var disagreeing = c.Verdicts.Where(v => v.Fleet != v.SciPy).Select(v => v.Feature).ToList();
        if (c.FleetInputDrift != c.SciPyInputDrift) disagreeing.Add("input drift");
        book.Add(new Figure("drift", "verdicts agreeing with SciPy (each feature, and the model's input drift)", null, c.Agreeing + (c.FleetInputDrift == c.SciPyInputDrift ? 1 : 0), "",
            Bar.AtLeast(c.Features + 1, $"all {c.Features + 1}"), c.Cpu.OtherCores,
            disagreeing.Count == 0 ? "every verdict the same" : $"differ: {string.Join(", ", disagreeing)}"));
        return Task.CompletedTask;
    }

    /// <summary>Where the drift part writes the rows both Fleet and SciPy read.</summary>
    private const string DriftFiles = "artifacts/bench/drift";

    /// <summary>Issue 17: Fleet streaming from rows to verdict at least as fast as SciPy's batch computation.</summary>
    private static readonly Bar DriftBar = Bar.AtMost(1, "≤ 1 × SciPy");

    private static async Task LatencyAsync(AllOptions o, IReadOnlyList<Http.LoadResult> http, FigureBook book, TextWriter log)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            book.Add(Figure.NotMeasured("browser latency", "event → browser P99", o.LatencyModels, PerformanceBar.BrowserP99,
                "no /usr/bin/chromium (scripts/ensure-chromium.sh installs it; ./bench.sh runs it)"));
            return;
        }
        // Half of figure 1's maximum at batch 1,000 when it ran; else the rate asked (or a default).
        var measured = http.FirstOrDefault(r => r.BatchSize == PerformanceBar.HttpBatch);
        var rate = o.LatencyRate ?? (measured is not null ? measured.EventsPerSecond / 2 : DefaultLatencyRate);
        var source = o.LatencyRate is not null ? "as asked" : measured is not null ? "half of figure 1's batch-1,000 rate" : "default; figure 1 did not run";
        var r = await BrowserLatencyBench.UnderLoadAsync(rate, o.Probes, TimeSpan.FromSeconds(o.SettleSeconds), HostLog, log);
        log.WriteLine($"  {BrowserLatencyBench.Describe(r)}");
        var load = $"{r.Probes} probes, one after another, while the production host ingests {r.Load.EventsPerSecond:N0} events/s " +
                   $"(target {r.TargetEventsPerSecond:N0}, {source}; batches of 1,000 over {r.Models:N0} models); server {r.Load.ServerCores:F2} cores, this process {r.Load.GeneratorCores:F2}";
        foreach (var (q, name) in new[] { (0.50, "P50"), (0.99, "P99"), (0.999, "P99.9") })
        {
            var (lo, hi) = r.Interval(q);
            var interval = $"95 % CI {lo:F0}–{(double.IsPositiveInfinity(hi) ? "unbounded (too few probes for this quantile)" : $"{hi:F0} ms")} (order statistics, binomial ranks)";
            book.Add(new Figure("browser latency", $"event → browser {name} (nearest rank of {r.Probes})", r.Models, r.Quantile(q), "ms",
                q == 0.99 ? PerformanceBar.BrowserP99 : null, r.Load.OtherCores, $"{interval}; {load}"));
        }
        book.Add(new Figure("browser latency", $"event → browser, slowest of {r.Probes} probes", r.Models, r.MaxMs, "ms", null, r.Load.OtherCores,
            $"POST sent → headless Chromium sees the tile change; {r.Split}; others include Chromium itself"));
    }

    private const double DefaultLatencyRate = 250_000;
}
