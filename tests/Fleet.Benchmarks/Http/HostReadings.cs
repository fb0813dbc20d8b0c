using System.Globalization;

namespace Fleet.Benchmarks.Http;

/// <summary>
/// The host's own readings from its /metrics, sampled while a figure is measured: .NET's runtime (a thread pool whose
/// threads and queue grow while the CPU idles means threads blocked; GC pause time means the collector), its grain
/// state writes by state, the database writer's commits and waits, and the server's own time per accepted batch (how
/// long an answer waits, and for what). They tell a slow answer's cause from the figure's own report.
/// </summary>
internal sealed class HostReadings
{
    // Histograms whose count, mean and P99 (a bucket's upper bound) are printed, by series as printed.
    private readonly Dictionary<string, Histogram> _first = [];
    private readonly Dictionary<string, Histogram> _last = [];

    private double? _firstPauseSeconds;
    private double _lastPauseSeconds;

    public int Samples { get; private set; }
    public long MaxPoolThreads { get; private set; }
    public long MaxPoolQueue { get; private set; }

    /// <summary>The most GC pause time between two samples in a row (about 6 s apart).</summary>
    public double WorstGcIntervalSeconds { get; private set; }

    /// <summary>GC pause time between the first sample and the last.</summary>
    public double GcPauseSeconds => _lastPauseSeconds - (_firstPauseSeconds ?? _lastPauseSeconds);

    public async Task SampleAsync(HttpClient http)
    {
        var histograms = new Dictionary<string, Histogram>();
        foreach (var (name, line, v) in MetricsScrape.Samples(await http.GetStringAsync("/metrics")))
        {
            if (SeriesOf(name, line) is { } series)
            {
                var histogram = histograms.TryGetValue(series.Name, out var h) ? h : histograms[series.Name] = new Histogram();
                histogram.Add(series.Part, LabelOf(line, "le"), v);
                continue;
            }
            switch (name)
            {
                case "dotnet_gc_pause_time_seconds_total":
                    if (_firstPauseSeconds is not null) WorstGcIntervalSeconds = Math.Max(WorstGcIntervalSeconds, v - _lastPauseSeconds);
                    _firstPauseSeconds ??= v;
                    _lastPauseSeconds = v;
                    break;
                case "dotnet_thread_pool_thread_count_total": MaxPoolThreads = Math.Max(MaxPoolThreads, (long)v); break;
                case "dotnet_thread_pool_queue_length_total": MaxPoolQueue = Math.Max(MaxPoolQueue, (long)v); break;
            }
        }
        foreach (var (series, histogram) in histograms)
        {
            _first.TryAdd(series, histogram);
            _last[series] = histogram;
        }
        Samples++;
    }

    /// <summary>The printed series a histogram line belongs to, and which part of it the line is (bucket, sum, count).</summary>
    private static (string Name, string Part)? SeriesOf(string name, string line)
    {
        foreach (var (prefix, label, only, printed) in Watched)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var part = name[prefix.Length..];
            if (part is not ("_bucket" or "_sum" or "_count")) continue;
            if (label is null) return (printed, part);
            var value = LabelOf(line, label);
            if (only is not null && value != only) return null;
            return (string.Format(CultureInfo.InvariantCulture, printed, value), part);
        }
        return null;
    }

    // Each histogram's name, the label its series are printed by (and the one value kept, if only one), and how printed.
    private static readonly (string Prefix, string? Label, string? Only, string Printed)[] Watched =
    [
        ("fleet_ingest_duration_seconds", "result", "accepted", "server time of an {0} batch"),
        ("fleet_storage_queue_wait_seconds", "priority", null, "writer: {0} writes' wait"),
        ("fleet_storage_commit_duration_seconds", null, null, "writer: commit"),
        ("fleet_storage_write_duration_seconds", "state", null, "{0} state write"),
    ];

    private static string? LabelOf(string line, string label)
    {
        var at = line.IndexOf(label + "=\"", StringComparison.Ordinal);
        if (at < 0) return null;
        at += label.Length + 2;
        return line[at..line.IndexOf('"', at)];
    }

    /// <summary>Each histogram's observations between the first sample and the last: how many, their mean and P99.</summary>
    private string Histograms() => string.Join("; ", _last
        .Select(h => (Series: h.Key, Delta: h.Value.Minus(_first[h.Key])))
        .Where(h => h.Delta.Count > 0)
        .OrderByDescending(h => h.Delta.Sum)
        .Select(h => $"{h.Series} {h.Delta.Count:F0} × mean {1000 * h.Delta.Sum / h.Delta.Count:F0} ms, P99 ≤ {h.Delta.QuantileBound(0.99)}"));

    public string Describe(TimeSpan over) =>
        $"server runtime over the probes ({Samples} samples of /metrics): GC paused {GcPauseSeconds:F2} s of {over.TotalSeconds:F0} s " +
        $"({GcPauseSeconds / Math.Max(1e-9, over.TotalSeconds):P1}; at most {WorstGcIntervalSeconds:F2} s between two samples), " +
        $"pool threads at most {MaxPoolThreads}, pool queue at most {MaxPoolQueue}; {Histograms()}";

    /// <summary>One Prometheus histogram's cumulative buckets (by upper bound), sum and count, summed over its other labels.</summary>
    private sealed class Histogram
    {
        private readonly SortedDictionary<double, double> _buckets = [];
        public double Sum { get; private set; }
        public double Count { get; private set; }

        public void Add(string part, string? le, double value)
        {
            switch (part)
            {
                case "_sum": Sum += value; break;
                case "_count": Count += value; break;
                default:
                    var bound = le is null or "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                    _buckets[bound] = _buckets.GetValueOrDefault(bound) + value;
                    break;
            }
        }

        public Histogram Minus(Histogram earlier)
        {
            var delta = new Histogram { Sum = Sum - earlier.Sum, Count = Count - earlier.Count };
            foreach (var (bound, count) in _buckets) delta._buckets[bound] = count - earlier._buckets.GetValueOrDefault(bound);
            return delta;
        }

        /// <summary>The upper bound of the bucket that holds the quantile (cumulative counts, as Prometheus writes them).</summary>
        public string QuantileBound(double q)
        {
            foreach (var (bound, cumulative) in _buckets)
                if (cumulative >= q * Count) return double.IsPositiveInfinity(bound) ? "+Inf" : $"{1000 * bound:F0} ms";
            return "?";
        }
    }
}
