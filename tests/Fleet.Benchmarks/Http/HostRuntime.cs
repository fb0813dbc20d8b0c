using System.Globalization;

namespace Fleet.Benchmarks.Http;

/// <summary>
/// The host's .NET runtime as its /metrics reports it (the System.Runtime meter), sampled while a figure is measured:
/// a thread pool whose threads and queue grow while the CPU idles means threads blocked, GC pause time means the
/// collector. Either tells a slow answer's cause from the figure's own report.
/// </summary>
internal sealed class HostRuntime
{
    private double? _firstPauseSeconds;
    private double _lastPauseSeconds;

    public int Samples { get; private set; }
    public long MaxPoolThreads { get; private set; }
    public long MaxPoolQueue { get; private set; }

    /// <summary>GC pause time between the first sample and the last.</summary>
    public double GcPauseSeconds => _lastPauseSeconds - (_firstPauseSeconds ?? _lastPauseSeconds);

    public async Task SampleAsync(HttpClient http)
    {
        foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n'))
        {
            if (!line.StartsWith("dotnet_", StringComparison.Ordinal) || line.LastIndexOf(' ') is var space && space < 0) continue;
            if (!double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
            var name = line[..line.IndexOfAny(['{', ' '])];
            switch (name)
            {
                case "dotnet_gc_pause_time_seconds_total":
                    _firstPauseSeconds ??= v;
                    _lastPauseSeconds = v;
                    break;
                case "dotnet_thread_pool_thread_count_total": MaxPoolThreads = Math.Max(MaxPoolThreads, (long)v); break;
                case "dotnet_thread_pool_queue_length_total": MaxPoolQueue = Math.Max(MaxPoolQueue, (long)v); break;
            }
        }
        Samples++;
    }

    public string Describe(TimeSpan over) =>
        $"server runtime over the probes ({Samples} samples of /metrics): GC paused {GcPauseSeconds:F2} s of {over.TotalSeconds:F0} s " +
        $"({GcPauseSeconds / Math.Max(1e-9, over.TotalSeconds):P1}), pool threads at most {MaxPoolThreads}, pool queue at most {MaxPoolQueue}";
}
