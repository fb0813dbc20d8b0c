namespace Fleet.Benchmarks.Http;

/// <summary>
/// The host's own readings from its /metrics, sampled while a figure is measured: .NET's runtime (a thread pool whose
/// threads and queue grow while the CPU idles means threads blocked; GC pause time means the collector) and its grain
/// state writes by state (how long an answer waiting for a write waits). They tell a slow answer's cause from the
/// figure's own report.
/// </summary>
internal sealed class HostReadings
{
    private readonly Dictionary<string, (double Seconds, double Count)> _firstWrites = [];
    private readonly Dictionary<string, (double Seconds, double Count)> _lastWrites = [];

    private double? _firstPauseSeconds;
    private double _lastPauseSeconds;

    public int Samples { get; private set; }
    public long MaxPoolThreads { get; private set; }
    public long MaxPoolQueue { get; private set; }

    /// <summary>GC pause time between the first sample and the last.</summary>
    public double GcPauseSeconds => _lastPauseSeconds - (_firstPauseSeconds ?? _lastPauseSeconds);

    public async Task SampleAsync(HttpClient http)
    {
        var writes = new Dictionary<string, (double Seconds, double Count)>();
        foreach (var (name, line, v) in MetricsScrape.Samples(await http.GetStringAsync("/metrics")))
        {
            switch (name)
            {
                case "fleet_storage_write_duration_seconds_sum" or "fleet_storage_write_duration_seconds_count":
                    var state = StateOf(line);
                    var (seconds, count) = writes.GetValueOrDefault(state);
                    writes[state] = name.EndsWith("_sum", StringComparison.Ordinal) ? (seconds + v, count) : (seconds, count + v);
                    break;
                case "dotnet_gc_pause_time_seconds_total":
                    _firstPauseSeconds ??= v;
                    _lastPauseSeconds = v;
                    break;
                case "dotnet_thread_pool_thread_count_total": MaxPoolThreads = Math.Max(MaxPoolThreads, (long)v); break;
                case "dotnet_thread_pool_queue_length_total": MaxPoolQueue = Math.Max(MaxPoolQueue, (long)v); break;
            }
        }
        foreach (var (state, reading) in writes)
        {
            _firstWrites.TryAdd(state, reading);
            _lastWrites[state] = reading;
        }
        Samples++;
    }

    private static string StateOf(string line)
    {
        var at = line.IndexOf("state=\"", StringComparison.Ordinal);
        if (at < 0) return "?";
        at += 7;
        return line[at..line.IndexOf('"', at)];
    }

    /// <summary>Each state's writes between the first sample and the last: how many, and their mean duration.</summary>
    private string Writes()
    {
        var parts = _lastWrites
            .Select(w => (State: w.Key, Count: w.Value.Count - _firstWrites[w.Key].Count, Seconds: w.Value.Seconds - _firstWrites[w.Key].Seconds))
            .Where(w => w.Count > 0)
            .OrderByDescending(w => w.Seconds)
            .Select(w => $"{w.State} {w.Count:F0} × {1000 * w.Seconds / w.Count:F0} ms");
        return string.Join(", ", parts);
    }

    public string Describe(TimeSpan over) =>
        $"server runtime over the probes ({Samples} samples of /metrics): GC paused {GcPauseSeconds:F2} s of {over.TotalSeconds:F0} s " +
        $"({GcPauseSeconds / Math.Max(1e-9, over.TotalSeconds):P1}), pool threads at most {MaxPoolThreads}, pool queue at most {MaxPoolQueue}; " +
        $"grain state writes (count × mean) {Writes()}";
}
