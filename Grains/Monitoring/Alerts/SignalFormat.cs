using System.Globalization;

namespace Fleet.Monitoring.Alerts;

/// <summary>Numbers and durations as alert messages print them, the same on every machine.</summary>
internal static class SignalFormat
{
    // Four decimals keep a 0.5% error rate readable and never round a value onto its threshold.
    public static string Number(double value) =>
        Math.Abs(value) >= 10_000 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    public static string Duration(TimeSpan span) => Fleet.Models.Durations.Format(span);
}
