using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fleet.Simulation.Runs;

/// <summary>
/// CPU time the calling thread has used, in <see cref="TimeSpan"/> ticks: on Linux from CLOCK_THREAD_CPUTIME_ID, so a
/// thread preempted by another process does not count its wait (on a shared machine a stopwatch counted mostly
/// waiting); elsewhere the wall clock.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID

    public static long NowTicks()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ThreadCpuTimeId, out var now) == 0)
            return now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100;
        return Stopwatch.GetElapsedTime(0).Ticks;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
