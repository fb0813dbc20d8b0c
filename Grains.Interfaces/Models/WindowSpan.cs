using System.Text.Json.Serialization;

namespace Fleet.Models;

/// <summary>The rolling windows every model answers for; names are the public ones ("5m", "1h", "24h", "30d").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WindowSpan>))]
public enum WindowSpan
{
    [JsonStringEnumMemberName("5m")] FiveMinutes,
    [JsonStringEnumMemberName("1h")] OneHour,
    [JsonStringEnumMemberName("24h")] OneDay,
    [JsonStringEnumMemberName("30d")] ThirtyDays,
}

public static class WindowSpans
{
    public static readonly WindowSpan[] All =
        [WindowSpan.FiveMinutes, WindowSpan.OneHour, WindowSpan.OneDay, WindowSpan.ThirtyDays];

    public static TimeSpan Length(this WindowSpan span) => span switch
    {
        WindowSpan.FiveMinutes => TimeSpan.FromMinutes(5),
        WindowSpan.OneHour => TimeSpan.FromHours(1),
        WindowSpan.OneDay => TimeSpan.FromDays(1),
        WindowSpan.ThirtyDays => TimeSpan.FromDays(30),
        _ => throw new ArgumentOutOfRangeException(nameof(span), span, null),
    };

    public static string Name(this WindowSpan span) => span switch
    {
        WindowSpan.FiveMinutes => "5m",
        WindowSpan.OneHour => "1h",
        WindowSpan.OneDay => "24h",
        WindowSpan.ThirtyDays => "30d",
        _ => span.ToString(),
    };

    public static bool TryParse(string? text, out WindowSpan span)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                span = candidate;
                return true;
            }
        }
        span = default;
        return false;
    }

    /// <summary>
    /// The windows a traffic threshold (latency, error, timeout, fallback, coverage, error state) is read over,
    /// shortest first: its own, then each longer one up to 24 h. A quiet model whose own window holds too few
    /// requests is judged over the first that holds enough (README "Degradation policy").
    /// </summary>
    public static WindowSpan[] TrafficLadder(this WindowSpan own) => Ladders[(int)own];

    private static readonly WindowSpan[][] Ladders =
    [
        [WindowSpan.FiveMinutes, WindowSpan.OneHour, WindowSpan.OneDay],
        [WindowSpan.OneHour, WindowSpan.OneDay],
        [WindowSpan.OneDay],
        [WindowSpan.ThirtyDays],
    ];

    /// <summary>The longest window: events older than this (behind the model's clock) are rejected.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(30);
}
