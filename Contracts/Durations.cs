using System.Globalization;

namespace Fleet.Models;

/// <summary>Short durations as people write them: "90s", "10m", "12h", "7d", "2w".</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2) return false;
        var unit = char.ToLowerInvariant(text[^1]);
        if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount) || amount <= 0) return false;
        double? seconds = unit switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            'd' => amount * 86_400,
            'w' => amount * 604_800,
            _ => null,
        };
        // Beyond TimeSpan's range (about 29,000 years) is not a duration anyone means: refused, not an overflow.
        if (seconds is not { } s || s >= TimeSpan.MaxValue.TotalSeconds) return false;
        duration = TimeSpan.FromSeconds(s);
        return true;
    }

    public static string Format(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0.###}s";
}
