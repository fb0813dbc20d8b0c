using System.Globalization;

namespace Fleet.Dashboard.Reviews;

/// <summary>
/// When a scheduled review is due, in UTC on the fleet clock: weekly on a day of the week at a time ("monday 08:00"),
/// monthly on a day of the month (1-28, so every month has it) at a time ("1 08:00").
/// </summary>
public sealed record ReviewCalendar(DayOfWeek? Weekday, int? DayOfMonth, TimeOnly At)
{
    /// <summary>Reads "monday 08:00" (weekly) or "1 08:00" (monthly); null with the reason when the text is neither.</summary>
    public static ReviewCalendar? Parse(string text, bool monthly, out string? problem)
    {
        problem = null;
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            problem = monthly ? "must be a day of the month and a UTC time, e.g. \"1 08:00\"" : "must be a day of the week and a UTC time, e.g. \"monday 08:00\"";
            return null;
        }
        if (monthly)
        {
            if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 28) return new(null, day, at);
            problem = "the day of the month must be 1 to 28";
            return null;
        }
        if (Enum.TryParse<DayOfWeek>(parts[0], ignoreCase: true, out var weekday) && !int.TryParse(parts[0], out _)) return new(weekday, null, at);
        problem = "the day must be a day of the week (monday ... sunday)";
        return null;
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LatestAtOrBefore(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        DateTime candidate;
        if (DayOfMonth is { } day)
        {
            candidate = new DateTime(utc.Year, utc.Month, day, At.Hour, At.Minute, 0, DateTimeKind.Utc);
            if (candidate > utc) candidate = candidate.AddMonths(-1);
        }
        else
        {
            candidate = utc.Date.AddDays(-(((int)utc.DayOfWeek - (int)Weekday!.Value + 7) % 7)).Add(At.ToTimeSpan());
            if (candidate > utc) candidate = candidate.AddDays(-7);
        }
        return new DateTimeOffset(candidate, TimeSpan.Zero);
    }
}
