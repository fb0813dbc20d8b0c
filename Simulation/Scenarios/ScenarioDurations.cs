namespace Fleet.Simulation.Scenarios;

/// <summary>A scenario's durations ("90s", "10m", "6h", "2d"), refused with the field's path when unreadable.</summary>
public static class ScenarioDurations
{
    /// <summary>Null when absent; <paramref name="allowZero"/> admits "0" (an offset or a ramp may be zero).</summary>
    public static TimeSpan? Read(string? text, string path, bool allowZero = false)
    {
        if (text is null) return null;
        if (allowZero && text.Trim() is "0" or "0s" or "0m" or "0h") return TimeSpan.Zero;
        return Fleet.Models.Durations.TryParse(text, out var span) ? span
            : throw new ScenarioException(path, $"'{text}' is not a duration such as 90s, 10m, 6h or 2d{(allowZero ? " (or 0)" : "")}");
    }
}
