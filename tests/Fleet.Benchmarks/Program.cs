using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Fleet.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

// dotnet run -c Release --project tests/Fleet.Benchmarks -- core [--models N] [--seconds S] [--storage memory|sqlite|both]
//     [--inflight K] [--batch P] [--skip-memory] [--sizes 1,100,1000] [--warm-batches B] [--trace]
// `host ARGS`: the Fleet host itself (what `dotnet run --project Silo` runs), started by the HTTP parts as a process of its own.
if (args.Length > 0 && args[0] == Fleet.Benchmarks.Http.SiloProcess.HostCommand)
{
    await Fleet.Silo.FleetHost.Build(args[1..]).RunAsync();
    return 0;
}
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// dotnet run -c Release --project tests/Fleet.Benchmarks -- all [--quick] [--markdown PATH] ...   (./bench.sh): every part, one report against the bar
if (args.Length > 0 && args[0] == "all") return await AllBench.RunAsync(args, Console.Out);
// dotnet run -c Release --project tests/Fleet.Benchmarks -- drift [--drift-features F] [--drift-rows R]: the drift part of `all` alone
if (args.Length > 0 && args[0] == "drift") return await AllBench.RunAsync(["all", "--parts", "drift", .. args.Skip(1)], Console.Out);
// dotnet run -c Release --project tests/Fleet.Benchmarks -- micro [BenchmarkDotNet options, e.g. --filter '*Sketch*' --job short]
if (args.Length > 0 && args[0] == "micro") return Fleet.Benchmarks.Micro.MicroCommand.Run(args[1..]);
// dotnet run -c Release --project tests/Fleet.Benchmarks -- sim [--sizes 100,1000,10000] [--minutes 10] [--rate 1] [--day-rate 0.2] [--skip-day] [--skip-grains]
if (args.Length > 0 && args[0] == "sim") return await SimBench.RunAsync(args, Console.Out);
// dotnet run -c Release --project tests/Fleet.Benchmarks -- latency [--probes 500] [--rate 250000]: figure 4 alone at a given load
if (args.Length > 0 && args[0] == "latency") return await BrowserLatencyBench.RunAsync(args, Console.Out);

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var log = Console.Out;
var total = Stopwatch.StartNew();
var machine = Machine.Describe();
log.WriteLine($"Fleet core benchmark — {string.Join(" ", args)}");
log.WriteLine(machine);
log.WriteLine($"Workload: batches of {options.BatchPredictions:N0} predictions over {options.BatchSpan.TotalSeconds:0} s of event time " +
              $"+ the outcomes of predictions {options.LabelDelay.TotalSeconds:0} s older; latency lognormal median {Workload.LatencyMedianMs} ms σ {Workload.LatencySigma}, " +
              $"4 features, 1 % unscored, 1 % fallback, 0.2 % errors, 0.1 % timeouts (1 s).");
log.WriteLine();

log.WriteLine("[2] plain loop: ModelMonitor.Apply, one thread, no Orleans");
var plain = PlainBench.Run(options, log);

MonitorMemory? fresh = null, longRunning = null;
GrainMemory? grains = null;
IReadOnlyList<(string Label, long Bytes, int NonEmptyBins)> sketchSizes = [];
if (!options.SkipMemory)
{
    log.WriteLine("[3] memory per model: ModelMonitor instances");
    var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    fresh = MemoryBench.Monitors(options.Models, MemoryBench.Fresh(options), serializer, log);
    longRunning = MemoryBench.Monitors(options.LongRunningModels, MemoryBench.LongRunning(options), serializer, log);
    sketchSizes = MemoryBench.SketchSizes();
}

log.WriteLine("[1] Orleans: an in-process silo, batches sent through the silo's own grain factory");
var overhead = await OrleansBench.CallOverheadAsync(options, log);
var runs = new List<OrleansResult>();
foreach (var storage in options.Storages)
{
    foreach (var n in options.FleetSizes(storage)) runs.Add(await OrleansBench.RunAsync(storage, n, options, log));
}

if (!options.SkipMemory)
{
    log.WriteLine("[3] memory per model: model grain activations");
    grains = await MemoryBench.GrainsAsync(options.Models, MemoryBench.Fresh(options), fresh, options, StorageKind.Memory, log);
}

Report.Print(log, machine, options, plain, overhead, runs, fresh, longRunning, grains, sketchSizes, total.Elapsed);
return 0;

internal sealed class BenchOptions
{
    public const string Usage =
        "usage: core [--models N] [--seconds S] [--storage memory|sqlite|both] [--inflight K] [--batch P] [--skip-memory]\n" +
        "            [--sizes 1,100,1000] [--warm-batches B] [--trace]";

    public int Models { get; private set; } = 1000;
    public int Seconds { get; private set; } = 5;
    public int MaxInFlight { get; private set; } = 32;
    public int BatchPredictions { get; private set; } = 1000;
    public int SampledPerStep { get; } = 20;
    public bool SkipMemory { get; private set; }
    public bool Trace { get; private set; }
    public int WarmBatches { get; private set; } = 1;
    public IReadOnlyList<StorageKind> Storages { get; private set; } = [StorageKind.Memory, StorageKind.Sqlite];
    public TimeSpan BatchSpan => TimeSpan.FromSeconds(1);
    public TimeSpan LabelDelay => TimeSpan.FromSeconds(2);
    public int LongRunningModels => Math.Min(Models, 20);

    /// <summary>
    /// 1, 100 and N (those not above N) on memory storage; 1 and 100 on SQLite, where registering 1,000 models and
    /// checkpointing them takes about a minute on its own (run it with --storage sqlite --sizes 1000).
    /// </summary>
    public IReadOnlyList<int> FleetSizes(StorageKind storage) => _sizes
        ?? (storage == StorageKind.Memory ? new[] { 1, 100, Models } : new[] { 1, 100 }).Where(n => n <= Models).Distinct().ToList();
    private IReadOnlyList<int>? _sizes;

    /// <summary>Batches in flight: 4 per model, at most <see cref="MaxInFlight"/>.</summary>
    public int InFlightFor(int models) => (int)Math.Min(MaxInFlight, 4L * models);

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "core") throw new ArgumentException("the first argument must be the benchmark name: all, core, sim, latency, drift or micro");
        var o = new BenchOptions();
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Positive() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{args[i]} must be a positive integer");
            switch (args[i])
            {
                case "--models": o.Models = Positive(); break;
                case "--seconds": o.Seconds = Positive(); break;
                case "--inflight": o.MaxInFlight = Positive(); break;
                case "--batch":
                    o.BatchPredictions = Positive();
                    if (o.BatchPredictions > 5000) throw new ArgumentException("--batch: at most 5,000 predictions (plus as many outcomes) fit the 10,000-event limit");
                    break;
                case "--skip-memory": o.SkipMemory = true; break;
                case "--trace": o.Trace = true; break;
                case "--warm-batches": o.WarmBatches = Positive(); break;
                case "--sizes":
                    o._sizes = Value().Split(',').Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n : throw new ArgumentException("--sizes: positive integers separated by commas")).ToList();
                    break;
                case "--storage":
                    o.Storages = Value() switch
                    {
                        "memory" => [StorageKind.Memory],
                        "sqlite" => [StorageKind.Sqlite],
                        "both" => [StorageKind.Memory, StorageKind.Sqlite],
                        var s => throw new ArgumentException($"--storage: memory, sqlite or both (got {s})"),
                    };
                    break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return o;
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var orleans = typeof(IGrainFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+', ' ')[0].TrimEnd('.');
        return $"Machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:F1} GiB, " +
               $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
               $"{(GCSettings.IsServerGC ? "Server" : "Workstation")} GC, Orleans {orleans}";
    }
}
