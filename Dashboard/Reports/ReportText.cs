using System.Globalization;

namespace Fleet.Dashboard.Reports;

/// <summary>How the report writes times, durations and numbers: UTC and the invariant culture, so a run gives the same text on any host.</summary>
public static class ReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);

    /// <summary>A clock time for chart axes ("14:05").</summary>
    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", Invariant);

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) return "-" + Duration(-span);
        if (span.TotalMinutes < 1) return $"{(int)span.TotalSeconds}s";
        if (span.TotalHours < 1) return span.Seconds == 0 ? $"{span.Minutes}m" : $"{span.Minutes}m {span.Seconds:00}s";
        if (span.TotalDays < 1) return $"{(int)span.TotalHours}h {span.Minutes:00}m";
        return $"{(int)span.TotalDays}d {span.Hours:00}h";
    }

    public static string Count(long n) => n.ToString("N0", Invariant);

    public static string Number(double value, string format = "0.###") => value.ToString(format, Invariant);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.##", Invariant) + "%";

    public static string Level(int level) => level switch
    {
        1 => "1 full AI",
        2 => "2 reduced AI",
        3 => "3 rules-based fallback",
        4 => "4 generic fallback",
        5 => "5 error state",
        _ => level.ToString(Invariant),
    };

    /// <summary>A list of model ids, the first few named and the rest counted.</summary>
    public static string Models(IReadOnlyCollection<string> models, int named = 5) =>
        models.Count <= named ? string.Join(", ", models) : $"{string.Join(", ", models.Take(named))} and {models.Count - named} more";
}
