using System.Globalization;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Says, for each threshold holding a model at its level, where its way out stands: the words the API and the page
/// show, so a model held by a threshold that cannot be judged (a quiet night) says why it has not recovered and when
/// it will be released.
/// </summary>
public static class HeldStatus
{
    public static IReadOnlyList<HeldLine> Lines(
        ModelDefinition model, ModelReadings readings, LevelState state, DateTimeOffset now)
    {
        if (state.HeldBy.Count == 0) return [];
        var hysteresis = model.Thresholds.Hysteresis;
        var plain = new List<ThresholdReading>();
        var tightened = new List<ThresholdReading>();
        ThresholdEvaluator.Evaluate(model, readings, margin: 0, shown: plain);
        ThresholdEvaluator.Evaluate(model, readings, hysteresis.Margin, shown: tightened);
        var lines = new List<HeldLine>(state.HeldBy.Count);
        foreach (var held in state.HeldBy)
        {
            var reading = plain.Find(r => r.Threshold == held.Threshold);
            var margin = tightened.Find(r => r.Threshold == held.Threshold);
            lines.Add(reading switch
            {
                null => new HeldLine(held.Threshold, held.Severity, held.Window, "no longer checked (its threshold is off)"),
                { Judged: false } r => Unjudged(held, r, hysteresis, now),
                { Breached: true } r => new HeldLine(held.Threshold, held.Severity, r.Window, $"breached over {r.Window.Name()}"),
                _ when margin is { Breached: true } => new HeldLine(held.Threshold, held.Severity, reading.Window,
                    $"within its limit over {reading.Window.Name()}, not yet by the {hysteresis.Margin.ToString("P0", CultureInfo.InvariantCulture)} margin"),
                _ => Clear(model, state, held, reading),
            });
        }
        return lines;
    }

    private static HeldLine Unjudged(HeldBreach held, ThresholdReading reading, Hysteresis hysteresis, DateTimeOffset now)
    {
        var since = held.UnjudgedSince ?? now;
        var release = since + DegradationPolicy.ReleaseAfter(hysteresis, reading.Window);
        return new HeldLine(held.Threshold, held.Severity, reading.Window,
            $"{ThresholdEvaluator.NotJudged} ({reading.Samples:N0} of {reading.MinSamples:N0} samples over {reading.Window.Name()}) " +
            $"since {Time(since)}; released at {Time(release)} unless it can be judged again", release);
    }

    private static HeldLine Clear(ModelDefinition model, LevelState state, HeldBreach held, ThresholdReading reading)
    {
        if (state.RecoveringSince is not { } since)
            return new HeldLine(held.Threshold, held.Severity, reading.Window, $"clear over {reading.Window.Name()} by the margin");
        var until = since + DegradationPolicy.HoldFor(model, state, held);
        return new HeldLine(held.Threshold, held.Severity, reading.Window,
            $"clear over {reading.Window.Name()} by the margin since {Time(since)}; recovers at {Time(until)} if it holds", until);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
