using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Decides a model's level from its windows, with hysteresis. Getting worse is immediate: the
/// thresholds are already judged over windows with minimum samples. Getting better needs every
/// threshold of the better level to clear by the hysteresis margin, continuously for the recovery
/// hold (event time), so a model hovering at a limit does not flap.
/// </summary>
public static class DegradationPolicy
{
    /// <summary>The outcome of one evaluation: the breaches at the plain thresholds and any transition made.</summary>
    public readonly record struct Decision(IReadOnlyList<Breach> Breaches, LevelTransition? Transition);

    public static Decision Evaluate(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, LevelState state, DateTimeOffset now,
        InputSignals? inputs = null)
    {
        var breaches = ThresholdEvaluator.Evaluate(model, windows, margin: 0, inputs: inputs);
        if (state.Forced is not null) return new(breaches, null);
        var enter = WorstOf(breaches);
        if (enter > state.Level)
        {
            return new(breaches, Move(state, enter, now, "breached: " + Describe(breaches, enter), breaches));
        }
        Hold(state, breaches);

        var hysteresis = model.Thresholds.Hysteresis;
        var stillBreached = ThresholdEvaluator.Evaluate(model, windows, hysteresis.Margin, state.HeldBy, inputs);
        var exit = WorstOf(stillBreached);
        if (exit >= state.Level)
        {
            state.RecoveringSince = null;
            return new(breaches, null);
        }

        state.RecoveringSince ??= now;
        if (now - state.RecoveringSince.Value < hysteresis.RecoveryHold) return new(breaches, null);

        var reason = exit == DegradationLevel.FullAi
            ? $"recovered: every threshold within its limit by {hysteresis.Margin:P0} for {Format(hysteresis.RecoveryHold)}"
            : $"recovered partly for {Format(hysteresis.RecoveryHold)}; still: " + Describe(stillBreached, exit);
        return new(breaches, Move(state, exit, now, reason, stillBreached));
    }

    /// <summary>
    /// Pins the level (an operator's forced fallback or kill switch) or, with null, hands it back to
    /// the policy, which then takes the level its breaches call for at once: a release is a decision.
    /// </summary>
    public static LevelTransition? Force(
        ModelDefinition model, IReadOnlyDictionary<WindowSpan, WindowMetrics> windows, LevelState state,
        DegradationLevel? level, DateTimeOffset now, string reason)
    {
        state.Forced = level;
        var breaches = ThresholdEvaluator.Evaluate(model, windows, margin: 0);
        var to = level ?? WorstOf(breaches);
        state.RecoveringSince = null;
        if (to == state.Level && level is null)
        {
            state.HeldBy = HeldAt(breaches, to);
            return null;
        }
        return Move(state, to, now, reason, breaches);
    }

    /// <summary>Forgets a pending recovery; used when the definition changes under the model.</summary>
    public static void ResetRecovery(LevelState state) => state.RecoveringSince = null;

    private static LevelTransition Move(LevelState state, DegradationLevel to, DateTimeOffset now, string reason, IEnumerable<Breach> because)
    {
        var transition = new LevelTransition(state.Level, to, now, reason);
        state.HeldBy = HeldAt(because, to);
        state.Level = to;
        state.Since = now;
        state.RecoveringSince = null;
        state.History.Add(transition);
        if (state.History.Count > LevelState.MaxHistory) state.History.RemoveAt(0);
        return transition;
    }

    /// <summary>A threshold breached at the current level joins the ones holding the model there.</summary>
    private static void Hold(LevelState state, List<Breach> breaches)
    {
        foreach (var b in breaches)
        {
            if (b.Severity == state.Level && !state.HeldBy.Exists(h => h.Threshold == b.Threshold))
                state.HeldBy.Add(new HeldBreach(b.Threshold, b.Severity));
        }
    }

    private static List<HeldBreach> HeldAt(IEnumerable<Breach> breaches, DegradationLevel level) =>
        breaches.Where(b => b.Severity == level).Select(b => new HeldBreach(b.Threshold, b.Severity)).ToList();

    // A loop, not Select/DefaultIfEmpty/Max: this runs twice after every batch.
    private static DegradationLevel WorstOf(List<Breach> breaches)
    {
        var worst = DegradationLevel.FullAi;
        foreach (var b in breaches) if (b.Severity > worst) worst = b.Severity;
        return worst;
    }

    private static string Describe(IEnumerable<Breach> breaches, DegradationLevel level) =>
        string.Join("; ", breaches.Where(b => b.Severity == level).Select(b => b.Message));

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 ? $"{span.TotalHours:0}h" : $"{span.TotalMinutes:0}m";
}
