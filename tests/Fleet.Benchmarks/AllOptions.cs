using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// Options of `all`. Defaults measure what the performance bar asks for; <c>--quick</c> shrinks every part to a
/// smoke run (about a minute) whose figures prove the command works, not the bar.
/// </summary>
internal sealed class AllOptions
{
    public const string Usage =
        "usage: all [--quick] [--sizes 100,1000,10000] [--seconds S] [--parts http,actor,throughput,memory,sim,drift,latency]\n" +
        "           [--http-seconds S] [--http-sizes 1,10,100,1000] [--http-log-off 1000|none] [--http-senders C] [--actor-runs R]\n" +
        "           [--sim-hours H] [--day-rate R] [--day-sizes 1000,10000] [--probes P] [--settle S] [--latency-rate EVENTS_PER_S]\n" +
        "           [--recovery-seconds S] [--recovery-rate EVENTS_PER_S] [--recovery-gaps 10,1]\n" +
        "           [--drift-features F] [--drift-rows R] [--drift-current-rows N] [--markdown PATH]";

    public static readonly string[] AllParts = ["http", "actor", "throughput", "memory", "sim", "drift", "latency", "recovery"];

    public bool Quick { get; private set; }
    public IReadOnlyList<int> Sizes { get; private set; } = [100, 1000, 10000];
    public IReadOnlyList<int> MemorySizes { get; private set; } = [100, 1000, 10000];
    public int Seconds { get; private set; } = 5;
    public IReadOnlySet<string> Parts { get; private set; } = new HashSet<string>(AllParts);
    public double SimHours { get; private set; } = 24;
    public double DayRate { get; private set; } = 0.2;
    public IReadOnlyList<int> DayModels { get; private set; } = [1000, PerformanceBar.LargeDayModels];
    public int LatencyModels => 1000;
    public int Probes { get; private set; } = 500;
    public int SettleSeconds { get; private set; } = 10;

    /// <summary>Events/s of the load under the browser probes; null: half of figure 1's batch-1,000 rate measured in this run.</summary>
    public double? LatencyRate { get; private set; }

    /// <summary>Seconds of load before the recovery part's crash: long enough for checkpoints to be put off.</summary>
    public int RecoverySeconds { get; private set; } = 360;

    /// <summary>Events/s of the load before the recovery part's crash (figure 4's load at half of figure 1).</summary>
    public double RecoveryRate { get; private set; } = 250_000;

    /// <summary>The Fleet:Models:CheckpointLongestGap values the recovery part crashes a host with, one run each.</summary>
    public IReadOnlyList<int> RecoveryGaps { get; private set; } = [10, 1];

    /// <summary>Measured seconds of each HTTP ingest run (figure 1).</summary>
    public int HttpSeconds { get; private set; } = 90;
    public IReadOnlyList<int> HttpSizes { get; private set; } = [1, 10, 100, 1000];

    /// <summary>Batch sizes also measured with the batch log off (its speed option).</summary>
    public IReadOnlyList<int> HttpLogOffSizes { get; private set; } = [1000];

    /// <summary>Connections of the HTTP load generator; null: by batch size (<see cref="Http.HttpIngestPart.SendersFor"/>).</summary>
    public int? HttpSenders { get; private set; }

    /// <summary>Alternating run pairs of figure 2 (plain loop, then Orleans).</summary>
    public int ActorRuns { get; private set; } = 5;
    public int DriftFeatures { get; private set; } = 16;
    public int DriftRows { get; private set; } = 10_000;
    /// <summary>Current rows of the comparison with SciPy (the reference is 5,000 rows).</summary>
    public int DriftCurrentRows { get; private set; } = 1_000_000;
    public TimeSpan DriftBudget { get; private set; } = TimeSpan.FromSeconds(1);
    public string? MarkdownPath { get; private set; }

    /// <summary>The options the throughput and memory parts share with `core` (memory storage, as the bar is about the silo).</summary>
    public BenchOptions Core => BenchOptions.Parse(["core", "--seconds", Seconds.ToString(CultureInfo.InvariantCulture), "--storage", "memory", "--skip-memory"]);

    public static AllOptions Parse(string[] args)
    {
        var o = new AllOptions();
        if (args.Contains("--quick"))
        {
            // A smoke run: every part once, small. Explicit options given after still apply.
            o.Quick = true;
            o.Sizes = [100, 1000];
            o.MemorySizes = [100];
            o.Seconds = 1;
            o.SimHours = 0.25;
            o.Probes = 20;
            o.SettleSeconds = 3;
            o.HttpSeconds = 3;
            o.ActorRuns = 2;
            o.DriftRows = 2_000;
            o.DriftCurrentRows = 20_000;
            o.DriftBudget = TimeSpan.FromMilliseconds(150);
            o.RecoverySeconds = 5;
            o.RecoveryRate = 20_000;
            o.RecoveryGaps = [10];
        }
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Positive() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{args[i]} must be a positive integer");
            double PositiveReal() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{args[i]} must be a positive number");
            switch (args[i])
            {
                case "--quick": break;
                case "--sizes":
                    o.Sizes = o.MemorySizes = PositiveIntegers(Value(), "--sizes");
                    break;
                case "--seconds": o.Seconds = Positive(); break;
                case "--parts":
                    var parts = Value().Split(',').ToHashSet();
                    if (parts.FirstOrDefault(p => !AllParts.Contains(p)) is { } unknown)
                        throw new ArgumentException($"--parts: {unknown} is not one of {string.Join(",", AllParts)}");
                    o.Parts = parts;
                    break;
                case "--sim-hours": o.SimHours = PositiveReal(); break;
                case "--day-rate": o.DayRate = PositiveReal(); break;
                case "--day-sizes":
                    o.DayModels = PositiveIntegers(Value(), "--day-sizes");
                    break;
                case "--probes": o.Probes = Positive(); break;
                case "--latency-rate": o.LatencyRate = PositiveReal(); break;
                case "--http-seconds": o.HttpSeconds = Positive(); break;
                case "--http-sizes": o.HttpSizes = BatchSizes(Value(), "--http-sizes"); break;
                case "--http-log-off":
                    var off = Value();
                    o.HttpLogOffSizes = off == "none" ? [] : BatchSizes(off, "--http-log-off");
                    break;
                case "--http-senders": o.HttpSenders = Positive(); break;
                case "--actor-runs": o.ActorRuns = Positive(); break;
                case "--settle": o.SettleSeconds = Positive(); break;
                case "--drift-features": o.DriftFeatures = Positive(); break;
                case "--drift-rows": o.DriftRows = Positive(); break;
                case "--drift-current-rows": o.DriftCurrentRows = Positive(); break;
                case "--recovery-seconds": o.RecoverySeconds = Positive(); break;
                case "--recovery-rate": o.RecoveryRate = PositiveReal(); break;
                case "--recovery-gaps": o.RecoveryGaps = PositiveIntegers(Value(), "--recovery-gaps"); break;
                case "--markdown": o.MarkdownPath = Value(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return o;
    }

    private static IReadOnlyList<int> PositiveIntegers(string value, string option) =>
        IntegersUpTo(value, int.MaxValue, $"{option}: positive integers separated by commas");

    private static IReadOnlyList<int> BatchSizes(string value, string option) =>
        IntegersUpTo(value, 10_000, $"{option}: batch sizes from 1 to 10,000 separated by commas");

    /// <summary>Comma-separated integers from 1 to <paramref name="max"/>; any other value refuses the option with <paramref name="refusal"/>.</summary>
    private static IReadOnlyList<int> IntegersUpTo(string value, int max, string refusal) =>
        value.Split(',').Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 && n <= max
            ? n : throw new ArgumentException(refusal)).ToList();
}
