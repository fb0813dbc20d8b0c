namespace Fleet.Benchmarks;

/// <summary>
/// Figure 2, the actor layer at matched cores: Orleans (an in-process silo, memory storage) against the same
/// workload in a plain loop partitioned over as many threads as the machine has cores (each thread owns its share
/// of the models), in events per CPU-second of the process, over alternating runs (plain, Orleans, plain, …) so
/// that other load on the machine falls on both alike. Medians and ranges; each run's CPU is printed.
/// </summary>
internal static class ActorPart
{
    public static async Task RunAsync(AllOptions o, FigureBook book, TextWriter log)
    {
        const int models = PerformanceBar.ThroughputModels;
        var core = o.Core;
        var threads = Environment.ProcessorCount;
        var plain = new List<PlainFleetResult>();
        var grains = new List<OrleansResult>();
        for (var run = 0; run < o.ActorRuns; run++)
        {
            log.WriteLine($"  run {run + 1} of {o.ActorRuns}");
            plain.Add(PlainFleetBench.Run(models, core, log, threads));
            grains.Add(await OrleansBench.RunAsync(StorageKind.Memory, models, core, log));
        }
        var plainRates = plain.Select(p => p.EventsPerCpuSecond).ToList();
        var grainRates = grains.Select(g => g.EventsPerSecond / g.CpuCores).ToList();
        var ratios = grainRates.Zip(plainRates, (g, p) => g / p).ToList();
        var others = Math.Max(plain.Max(p => p.Cpu.OtherCores), grains.Max(g => g.OtherCores));
        var runs = $"{o.ActorRuns} alternating runs of {core.Seconds} s";
        book.Add(new Figure("actor layer", $"plain loop, {threads} threads (each owns 1/{threads} of the models): events per CPU-second", models, Median(plainRates), "events/CPU-s", null, others,
            $"median of {runs}, range {Range(plainRates)}; wall {Range(plain.Select(p => p.EventsPerSecond))} events/s; CPU {Range(plain.Select(p => p.Cpu.ProcessCores), "F2")} cores"));
        book.Add(new Figure("actor layer", "Orleans (in-process silo): events per CPU-second", models, Median(grainRates), "events/CPU-s", null, others,
            $"median of {runs}, range {Range(grainRates)}; wall {Range(grains.Select(g => g.EventsPerSecond))} events/s; CPU {Range(grains.Select(g => g.CpuCores), "F2")} cores; " +
            $"GC pause {Range(grains.Select(g => g.GcPausePercent), "F0")} %"));
        book.Add(new Figure("actor layer", "Orleans ÷ partitioned plain loop, events per CPU-second (matched cores)", models, Median(ratios), "×",
            PerformanceBar.OrleansOverPlain, others, $"median of the {o.ActorRuns} run pairs' ratios, range {Range(ratios, "F2")}; both paths include the batch generator"));
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Range(IEnumerable<double> values, string format = "N0")
    {
        var list = values.ToList();
        return $"{list.Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{list.Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
