using System.Diagnostics;

namespace Fleet.Benchmarks;

/// <summary>
/// `all`: every part in sequence (throughput through grains and in a plain loop, memory per model, a simulated
/// day, drift statistics, event-to-browser latency), then one report of every figure against the performance bar.
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

        if (o.Parts.Contains("throughput")) await Part("throughput", book, log, () => ThroughputAsync(o, book, log));
        if (o.Parts.Contains("memory")) await Part("memory", book, log, () => MemoryAsync(o, book, log));
        if (o.Parts.Contains("sim")) await Part("simulated day", book, log, () => SimulatedDayAsync(o, book, log), hostsLogToFile: true);
        if (o.Parts.Contains("drift")) await Part("drift", book, log, () => Drift(o, book, log));
        if (o.Parts.Contains("latency")) await Part("browser latency", book, log, () => LatencyAsync(o, book, log), hostsLogToFile: true);

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
            var plain = PlainFleetBench.Run(n, core, log);
            var grains = await OrleansBench.RunAsync(StorageKind.Memory, n, core, log);
            var judged = n == PerformanceBar.ThroughputModels;
            var batch = $"batches of {core.BatchPredictions:N0} predictions + outcomes, {core.Seconds} s measured";
            book.Add(new Figure("throughput", "plain loop, 1 thread, generator included", n, plain.EventsPerSecond, "events/s", null, plain.Cpu.OtherCores,
                $"{batch}; Apply + Summary alone {plain.ApplyEventsPerSecond:N0} events/s"));
            book.Add(new Figure("throughput", "Orleans: generator → grains → windows → detectors → snapshots", n, grains.EventsPerSecond, "events/s",
                judged ? PerformanceBar.EventsPerSecond : null, grains.OtherCores,
                $"{batch}; {grains.InFlight} in flight; batch P50 {grains.P50Ms:N2} ms, P99 {grains.P99Ms:N2} ms; {grains.CpuCores:F2} cores used; GC pause {grains.GcPausePercent:F0} %"));
            book.Add(new Figure("throughput", "Orleans ÷ plain loop (cost of the actor layer)", n, grains.EventsPerSecond / plain.EventsPerSecond, "×",
                judged ? PerformanceBar.OrleansOverPlain : null, Math.Max(grains.OtherCores, plain.Cpu.OtherCores),
                "Orleans may use both cores, the plain loop one; others: the larger of the two runs'"));
        }
        if (!o.Sizes.Contains(PerformanceBar.ThroughputModels))
        {
            book.Add(Figure.NotMeasured("throughput", "Orleans events/s", PerformanceBar.ThroughputModels, PerformanceBar.EventsPerSecond, "size not in --sizes"));
        }
    }

    private static async Task MemoryAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        var core = o.Core;
        var fill = MemoryBench.Fresh(core);
        foreach (var n in o.MemorySizes)
        {
            var meter = new CpuMeter();
            var grains = await MemoryBench.GrainsAsync(n, fill, null, core, log);
            var cpu = meter.Stop();
            book.Add(new Figure("memory", "bytes per active model (grain activation, one silo)", n, grains.MeasuredBytesPerModel, "B",
                n == PerformanceBar.MemoryModels ? PerformanceBar.BytesPerModel : null, cpu.OtherCores,
                $"{fill.Workload}; default windows filled across the 30-day tier ({fill.Name}); GC.GetTotalMemory after compacting GCs, ÷ {n:N0}; fill took {grains.Seconds:F0} s"));
        }
        // The same fill with 20 features a prediction: drift keeps a histogram per feature in its reference and each slice.
        var wide = fill with { Features = WideFeatures };
        var wideModels = o.MemorySizes.Max();
        var wideMeter = new CpuMeter();
        var wideGrains = await MemoryBench.GrainsAsync(wideModels, wide, null, core, log);
        book.Add(new Figure("memory", $"bytes per active model at {WideFeatures} features (grain activation, one silo)", wideModels, wideGrains.MeasuredBytesPerModel, "B",
            null, wideMeter.Stop().OtherCores,
            $"{wide.Workload}; otherwise as above; fill took {wideGrains.Seconds:F0} s"));
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
            steadyCpu.OtherCores, $"{MemoryBench.LongRunning(core).Workload}; {steady.Fill}: reference fitted, 1,024-batch ledger full; windows {steady.MeasuredWindows:N0} B, pending {steady.MeasuredPending:N0} B, ledger {steady.MeasuredLedger:N0} B, drift {steady.MeasuredDrift:N0} B, detectors and segments {steady.MeasuredDetectorsAndSegments:N0} B"));
    }

    private const int LongRunningModels = 20;
    private const int WideFeatures = 20;

    private static async Task SimulatedDayAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        const int models = 1000;
        var scenario = SimBench.Day(models, o.DayRate, TimeSpan.FromHours(o.SimHours));
        var scale = 24 / o.SimHours;
        var projected = Math.Abs(scale - 1) > 1e-9;
        var shape = $"{o.SimHours:0.##} simulated h, {o.DayRate} predictions/s per model at the daily peak (web shape), 60-s ticks, four incidents";
        var grains = await SimBench.MeasureAsync(scenario, plain: false);
        log.WriteLine($"  Orleans: {grains.Events:N0} events in {grains.WallSeconds:F1} s");
        var plain = await SimBench.MeasureAsync(scenario, plain: true);
        log.WriteLine($"  plain loop: {plain.Events:N0} events in {plain.WallSeconds:F1} s");
        var projection = projected ? $"; measured {grains.WallSeconds:F1} s for {o.SimHours:0.##} h, × {scale:0.##} (linear; the web shape's hours differ)" : "";
        book.Add(new Figure("simulated day", "24 simulated hours, Orleans grains", models, grains.WallSeconds * scale, "s", PerformanceBar.SimulatedDay,
            grains.Cpu.OtherCores, $"{shape}; {grains.Events:N0} events, {grains.Events / grains.WallSeconds:N0} events/s; {Detection(grains)}{projection}", projected));
        book.Add(new Figure("simulated day", "24 simulated hours, plain loop", models, plain.WallSeconds * scale, "s", null,
            plain.Cpu.OtherCores, $"{plain.Events:N0} events, {plain.Events / plain.WallSeconds:N0} events/s; {Detection(plain)}", projected));
        book.Add(new Figure("simulated day", "Orleans ÷ plain loop (events/s)", models, plain.WallSeconds / grains.WallSeconds, "×", null,
            Math.Max(grains.Cpu.OtherCores, plain.Cpu.OtherCores), "same scenario and seed through both paths"));
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
        return Task.CompletedTask;
    }

    private static async Task LatencyAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            book.Add(Figure.NotMeasured("browser latency", "event → browser P99", o.LatencyModels, PerformanceBar.BrowserP99,
                "no /usr/bin/chromium (scripts/ensure-chromium.sh installs it; ./bench.sh runs it)"));
            return;
        }
        var r = await BrowserLatencyBench.MeasureAsync(o.LatencyModels, o.Probes, TimeSpan.FromSeconds(o.SettleSeconds));
        log.WriteLine($"  {r.Probes} probes: P50 {r.P50Ms:F0} ms, P99 {r.P99Ms:F0} ms, max {r.MaxMs:F0} ms");
        var detail = $"{r.Probes} probes (nearest rank) on a host running {r.Models:N0} simulated models at 1x; POST sent → headless Chromium sees the tile change";
        book.Add(new Figure("browser latency", "event → browser P50", r.Models, r.P50Ms, "ms", null, r.Cpu.OtherCores, detail));
        book.Add(new Figure("browser latency", "event → browser P99", r.Models, r.P99Ms, "ms", PerformanceBar.BrowserP99, r.Cpu.OtherCores, $"max {r.MaxMs:F0} ms"));
    }
}
