using System.Diagnostics;
using System.Globalization;
using Fleet.Silo.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Benchmarks;

/// <summary>
/// `sim`: simulated and monitored events per second for fleets of 100, 1,000 and 10,000 models (the
/// generator, the monitors and, through grains, Orleans all in the loop), and the wall time of 24
/// simulated hours of a 1,000-model fleet. Prints measured figures only.
/// </summary>
internal sealed record SimResult(int Models, long Events, double WallSeconds, double SimulatedSeconds, CpuMeter.Reading Cpu,
    int LevelTransitions, int ExpectationsPassed, int Expectations, double GenerationSeconds, GcReading Gc)
{
    /// <summary>CPU this process used over the run, in core-seconds.</summary>
    public double CpuSeconds => Cpu.ProcessCores * Cpu.Seconds;

    /// <summary>
    /// Cores used and where the CPU went: generation is the CPU time the simulated models spent in Generate, summed
    /// over threads (each thread's own CPU clock on Linux); the rest is monitoring (grains or monitors, Orleans, the
    /// run's bookkeeping and the GC).
    /// </summary>
    public string Split => $"{Cpu.ProcessCores:F2} cores used; {CpuSeconds:F1} CPU-s: generation {GenerationSeconds:F1} s, monitoring and the rest {Math.Max(0, CpuSeconds - GenerationSeconds):F1} s; " +
        $"{Gc.AllocatedBytes / (double)Events:N0} B allocated an event, {Gc.PausedSeconds:F1} s in GC pauses ({Gc.Collections[0]:N0} / {Gc.Collections[1]:N0} / {Gc.Collections[2]:N0} collections of gen 0 / 1 / 2)";
}

/// <summary>What the process allocated and the GC did over a run (all threads; the run is the process's only work).</summary>
internal sealed record GcReading(long AllocatedBytes, double PausedSeconds, int[] Collections)
{
    public static Func<GcReading> Start()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        return () => new GcReading(GC.GetTotalAllocatedBytes() - allocated, (GC.GetTotalPauseDuration() - paused).TotalSeconds,
            [.. Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g])]);
    }
}

internal static class SimBench
{
    private static readonly string[] Domains = ["fraud", "recommendations", "churn", "credit", "spam"];

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var sizes = Option(args, "--sizes", "100,1000,10000").Split(',').Select(int.Parse).ToArray();
        var minutes = double.Parse(Option(args, "--minutes", "10"), CultureInfo.InvariantCulture);
        var rate = double.Parse(Option(args, "--rate", "1"), CultureInfo.InvariantCulture);
        var dayRate = double.Parse(Option(args, "--day-rate", "0.2"), CultureInfo.InvariantCulture);
        var skipDay = args.Contains("--skip-day");
        var skipGrains = args.Contains("--skip-grains");
        log.WriteLine(Machine.Describe());
        log.WriteLine($"sim: {rate} predictions/s per model (flat), {minutes} simulated minutes per size, 10 s ticks; events = predictions + outcomes");
        log.WriteLine();
        log.WriteLine("| models | path | events | wall s | events/s | simulated s per wall s | CPU |");
        log.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var n in sizes)
        {
            var scenario = Fleet(n, rate, TimeSpan.FromMinutes(minutes), "flat");
            await MeasureAsync(log, n, "plain loop", scenario, plain: true);
            if (!skipGrains) await MeasureAsync(log, n, "Orleans grains (memory storage)", scenario, plain: false);
        }
        if (skipDay) return 0;
        log.WriteLine();
        log.WriteLine($"24 simulated hours, 1,000 models, {dayRate} predictions/s per model at the daily peak (web shape), 60 s ticks, four incidents (SimBench.Day):");
        log.WriteLine("| models | path | events | wall s | events/s | simulated s per wall s | CPU |");
        log.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | --- |");
        var day = Day(1000, dayRate, TimeSpan.FromHours(24));
        await MeasureAsync(log, 1000, "plain loop", day, plain: true);
        if (!skipGrains && !args.Contains("--skip-day-grains")) await MeasureAsync(log, 1000, "Orleans grains (memory storage)", day, plain: false);
        return 0;
    }

    private static async Task MeasureAsync(TextWriter log, int models, string path, Scenario scenario, bool plain)
    {
        var r = await MeasureAsync(scenario, plain);
        log.WriteLine($"| {models:N0} | {path} | {r.Events:N0} | {r.WallSeconds:F1} | {r.Events / r.WallSeconds:N0} | {r.SimulatedSeconds / r.WallSeconds:N0} | {r.Split} |");
    }

    /// <summary>One headless run of <paramref name="scenario"/>, plain (ModelMonitors in a loop) or through grains in a silo of its own.</summary>
    internal static async Task<SimResult> MeasureAsync(Scenario scenario, bool plain)
    {
        GC.Collect();
        var gc = GcReading.Start();
        var meter = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var run = new LastReport<ScenarioRun>();
        var summary = await HeadlessRun.RunAsync(scenario, new RunOptions { RunId = "bench" }, plain, run);
        var wall = clock.Elapsed.TotalSeconds;
        return new SimResult(summary.Models, summary.Events, wall, (summary.End - summary.Start).TotalSeconds, meter.Stop(),
            summary.Transitions.Count, summary.Expectations.Count(e => e.Passed), summary.Expectations.Count,
            run.Value?.GenerationTime.TotalSeconds ?? double.NaN, gc());
    }

    /// <summary>A healthy fleet spread over five domains, with no injection: the steady-state cost.</summary>
    internal static Scenario Fleet(int models, double rate, TimeSpan duration, string shape, string tick = "10s") =>
        ScenarioLoader.Parse(FleetYaml($"bench-{models}", models, rate, duration, shape, tick));

    /// <summary>
    /// The simulated day: the fleet on the web shape at 60-s ticks, with four incidents spread over it so that
    /// detection, alerts, incidents and escalation do their work as on a real day (a healthy fleet alone raises
    /// almost no alerts): a shared source's outage (all fraud models) at a quarter of the run for 1/24 of it, input
    /// drift on a fifth of the credit models from half-way that stays, a latency spike on a tenth of the
    /// recommenders at three quarters, and six spam models' serving outage near the end. An expectation checks that
    /// the serving outage was caught. At 0.2 predictions/s a model's 5-minute window holds under the 100 requests a
    /// latency or error limit needs, so the source outage and the spike show as detector alerts and incidents, not
    /// as level changes; the drift moves a model to level 2 only where it reached half its features.
    /// </summary>
    internal static Scenario Day(int models, double rate, TimeSpan duration)
    {
        string At(double share) => $"{Math.Max(1, (int)(duration.TotalMinutes * share))}m";
        var yaml = string.Join("\n",
            FleetYaml($"bench-day-{models}", models, rate, duration, "web", "60s"),
            "injections:",
            $"  - {{ name: fraud-source-outage, at: {At(0.25)}, fault: upstream-outage, targets: {{ dataSource: fraud-source }}, magnitude: 0.9, duration: {At(1 / 24.0)} }}",
            $"  - {{ name: credit-population-shift, at: {At(0.5)}, fault: data-drift, targets: {{ domain: credit, percent: 20 }}, magnitude: 1.5, ramp: {At(1 / 12.0)} }}",
            $"  - {{ name: recs-latency, at: {At(0.75)}, fault: latency-spike, targets: {{ domain: recommendations, percent: 10 }}, magnitude: 4, duration: {At(1 / 48.0)} }}",
            $"  - {{ name: spam-serving-down, at: {At(0.85)}, fault: serving-outage, targets: {{ domain: spam, percent: 3 }}, magnitude: 0.8, duration: {At(1 / 96.0)} }}",
            "expectations:",
            "  - { description: the spam models whose serving is down reach the error state, targets: { domain: spam, percent: 3 }, reachesLevel: 5, within: 15m, after: spam-serving-down }");
        return ScenarioLoader.Parse(yaml);
    }

    /// <summary>The scenario's head: the fleet spread evenly over the five domains, each reading its own source, and its traffic.</summary>
    private static string FleetYaml(string name, int models, double rate, TimeSpan duration, string shape, string tick) =>
        string.Join("\n",
            $"name: {name}", "seed: 1", $"duration: {(int)duration.TotalMinutes}m", $"tick: {tick}", "fleet:",
            string.Join("\n", Domains.Select((d, i) =>
                $"  - {{ domain: {d}, count: {models / Domains.Length + (i < models % Domains.Length ? 1 : 0)}, owner: bench, dataSources: [{d}-source] }}")),
            $"traffic: {{ rate: {rate.ToString(CultureInfo.InvariantCulture)}, shape: {shape}, labelDelay: 2m }}");

    /// <summary>Keeps the last value reported, on the reporting thread (<see cref="Progress{T}"/> would post it elsewhere, later).</summary>
    private sealed class LastReport<T> : IProgress<T>
    {
        public T? Value { get; private set; }

        public void Report(T value) => Value = value;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
