using System.Globalization;

namespace Fleet.Benchmarks;

/// <summary>
/// The `all` command's final report, as markdown (printed, and written to a file when asked): the machine, the
/// command, then one table of every figure with its bar, its verdict and the interference while it was measured.
/// </summary>
internal static class BarReport
{
    public static string Render(string machine, string command, FigureBook book, TimeSpan elapsed, string loadBefore, string loadAfter)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine("## Fleet benchmark report");
        w.WriteLine();
        w.WriteLine($"- Command: `{command}`");
        w.WriteLine($"- Taken: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalSeconds:F0} s in all; load average {loadBefore} before, {loadAfter} after");
        w.WriteLine($"- {machine}");
        w.WriteLine("- \"Others\" is the CPU (in cores) that other processes on this machine took while that figure was measured " +
                    "(from /proc/stat, minus this process); a figure taken with others above about 0.2 cores is disturbed.");
        w.WriteLine();
        w.WriteLine("| part | figure | models | measured | bar | verdict | others, cores | detail |");
        w.WriteLine("| --- | --- | ---: | ---: | --- | --- | ---: | --- |");
        foreach (var f in book.Figures)
        {
            var others = double.IsNaN(f.OtherCores) ? "–" : f.OtherCores.ToString("F2", CultureInfo.InvariantCulture);
            w.WriteLine($"| {f.Part} | {f.Name} | {(f.Models is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "–")} | {f.FormattedValue} | " +
                        $"{f.Bar?.Text ?? "–"} | {f.FormattedVerdict} | {others} | {f.Detail} |");
        }
        w.WriteLine();
        var judged = book.Figures.Count(f => f.Verdict is Verdict.Pass or Verdict.Fail);
        var passed = book.Figures.Count(f => f.Verdict == Verdict.Pass);
        var missing = book.Figures.Count(f => f.Bar is not null && f.Verdict == Verdict.NotMeasured);
        w.WriteLine($"Bars: {passed} of {judged} measured pass{(missing > 0 ? $"; {missing} not measured in this run" : "")}.");
        return w.ToString();
    }
}
