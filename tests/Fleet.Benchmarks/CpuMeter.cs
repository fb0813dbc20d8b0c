using System.Diagnostics;

namespace Fleet.Benchmarks;

/// <summary>
/// CPU used over an interval, by this process and by the whole machine (from /proc/stat), in cores. The machine
/// is shared: "others" is what other processes took from the same cores while a figure was measured.
/// </summary>
internal sealed class CpuMeter
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _process0 = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly (long Busy, long Total)? _machine0 = ReadStat();

    public readonly record struct Reading(double Seconds, double ProcessCores, double OtherCores, string LoadAverage);

    public Reading Stop()
    {
        var seconds = _wall.Elapsed.TotalSeconds;
        var process = (Process.GetCurrentProcess().TotalProcessorTime - _process0).TotalSeconds / seconds;
        var others = double.NaN;
        if (_machine0 is { } m0 && ReadStat() is { } m1 && m1.Total > m0.Total)
        {
            var machine = (double)(m1.Busy - m0.Busy) / (m1.Total - m0.Total) * Environment.ProcessorCount;
            others = Math.Max(0, machine - process);
        }
        return new Reading(seconds, process, others, LoadAverage());
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static (long Busy, long Total)? ReadStat()
    {
        if (!File.Exists("/proc/stat")) return null;
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal ...
        var idle = cpu[3] + (cpu.Length > 4 ? cpu[4] : 0);
        var total = cpu.Take(Math.Min(8, cpu.Length)).Sum();
        return (total - idle, total);
    }
}
