using System.Globalization;

namespace Fleet.Runs;

/// <summary>
/// The figures of a run its other facts do not carry (models played, events generated), journaled as one fact of its
/// last played tick when it stops playing on a silo, so a report of the ended run has them after a restart.
/// Detail: "models 40, events 123456".
/// </summary>
public static class RunFigures
{
    public const string Kind = "figures";

    public static string Detail(int models, long events) =>
        string.Create(CultureInfo.InvariantCulture, $"models {models}, events {events}");

    /// <summary>The figures of a fact's detail; null when it is not one.</summary>
    public static (int Models, long Events)? Parse(string detail)
    {
        var parts = detail.Split(", ");
        return parts.Length == 2 && parts[0].StartsWith("models ", StringComparison.Ordinal) && parts[1].StartsWith("events ", StringComparison.Ordinal)
            && int.TryParse(parts[0]["models ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var models)
            && long.TryParse(parts[1]["events ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var events)
                ? (models, events) : null;
    }
}
