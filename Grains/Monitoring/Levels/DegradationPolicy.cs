using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Levels;

/// <summary>
/// Decides a model's level from its readings, with hysteresis. Getting worse is immediate: the
/// thresholds are already judged over windows with minimum samples. Getting better needs every
/// threshold of the better level to clear by the hysteresis margin, continuously for the recovery
/// hold (event time), so a model hovering at a limit does not flap. The hold is at least the window each
/// threshold being left was judged over (<see cref="RecoveryHold"/>): a signal computed over an hour says little
/// about the next ten minutes of it. A held threshold that cannot be judged at all (too little traffic) stops
/// holding the model once it has gone unjudged for its release period (<see cref="ReleaseAfter"/>). A threshold that
/// puts the model back within a day of a recovery from it doubles its next hold (flap damping, up to a day).
/// </summary>
public static class DegradationPolicy
{
    /// <summary>The outcome of one evaluation: the breaches at the plain thresholds and any transition made.</summary>
    public readonly record struct Decision(IReadOnlyList<Breach> Breaches, LevelTransition? Transition);

    /// <param name="readings">The model's readings at <paramref name="now"/> (<see cref="ModelSignals.Fill"/>).</param>
    public static Decision Evaluate(ModelDefinition model, ModelReadings readings, LevelState state, DateTimeOffset now)
    {
        var breaches = ThresholdEvaluator.Evaluate(model, readings, margin: 0);
        if (state.Forced is not null) return new(breaches, null);
        var enter = WorstOf(breaches);
        if (enter > state.Level)
        {
            return new(breaches, Move(state, enter, now, "breached: " + Describe(breaches, enter), breaches));
        }
        Hold(state, breaches, now);
        // At the lowest level with nothing held there is nothing to recover from or release: the second look below,
        // with the margin, could only end in "stay" (exit >= FullAi), so it is not taken after every batch of a healthy model.
        if (state.Level == DegradationLevel.FullAi && state.HeldBy.Count == 0)
        {
            SetRecovering(state, null);
            return new(breaches, null);
        }

        var hysteresis = model.Thresholds.Hysteresis;
        var stillBreached = ThresholdEvaluator.Evaluate(model, readings, hysteresis.Margin, state.HeldBy);
        var released = Release(state, ref stillBreached, hysteresis, now);
        var exit = WorstOf(stillBreached);
        if (exit >= state.Level)
        {
            SetRecovering(state, null);
            return new(breaches, null);
        }

        if (state.RecoveringSince is null) SetRecovering(state, now);
        var hold = RecoveryHold(model, state, exit);
        if (now - state.RecoveringSince!.Value < hold) return new(breaches, null);

        var reason = exit == DegradationLevel.FullAi
            ? $"recovered: every threshold within its limit by {hysteresis.Margin:P0} for {Format(hold)}"
            : $"recovered partly for {Format(hold)}; still: " + Describe(stillBreached, exit);
        if (released is not null) reason += "; " + released;
        return new(breaches, Move(state, exit, now, reason, stillBreached));
    }

    /// <summary>
    /// How long a recovery to <paramref name="exit"/> must hold: the model's recovery hold, and at least the window
    /// each held threshold being left was judged breached over, up to <see cref="LongestWindowHold"/>, so the signal has
    /// turned over once with the margin held. A signal a new version started afresh (quality, drift, segments) rests on
    /// no more data than the version has had: its hold is capped there. A released threshold (not judged) has already
    /// waited its release period.
    /// </summary>
    public static TimeSpan RecoveryHold(ModelDefinition model, LevelState state, DegradationLevel exit)
    {
        var hold = model.Thresholds.Hysteresis.RecoveryHold;
        foreach (var held in state.HeldBy)
        {
            if (held.Severity <= exit || held.UnjudgedSince is not null) continue;
            var span = HoldFor(model, state, held);
            if (span > hold) hold = span;
        }
        return hold;
    }

    /// <summary>
    /// The recovery hold one held threshold asks for (see <see cref="RecoveryHold"/>), doubled for each relapse within
    /// a day of a recovery from it, up to <see cref="DampingMemory"/>.
    /// </summary>
    public static TimeSpan HoldFor(ModelDefinition model, LevelState state, HeldBreach held)
    {
        var span = held.Window.Length() < LongestWindowHold ? held.Window.Length() : LongestWindowHold;
        if (state.VersionSince is { } version && ThresholdEvaluator.StartsWithVersion(held.Threshold)
            && state.RecoveringSince is { } since && since - version < span)
            span = since - version;
        var hold = model.Thresholds.Hysteresis.RecoveryHold;
        if (span > hold) hold = span;
        if (held.Relapses == 0) return hold;
        var damped = hold * Math.Pow(2, Math.Min(held.Relapses, 10));
        return damped > DampingMemory && hold < DampingMemory ? DampingMemory : damped > hold ? damped : hold;
    }

    /// <summary>
    /// The longest hold a window asks for. Quality and fairness over 24 h or 30 d move too slowly to cross their limit and
    /// their margin back and forth within a hold; a day-long hold would keep a model that dipped for an hour at a fallback
    /// for a day. Should such a signal still relapse, each relapse doubles the next hold (up to <see cref="DampingMemory"/>).
    /// </summary>
    public static readonly TimeSpan LongestWindowHold = TimeSpan.FromHours(1);

    /// <summary>How long a recovery is remembered: a relapse within it lengthens the next hold, and it caps that hold.</summary>
    public static readonly TimeSpan DampingMemory = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a held threshold may go unjudged before it stops holding the model: the recovery hold, or the
    /// longest window it could be judged over if that is longer. By then everything that put the model there has
    /// left that window, and silence longer than the window says nothing about the model either way.
    /// </summary>
    public static TimeSpan ReleaseAfter(Hysteresis hysteresis, WindowSpan longest) =>
        longest.Length() > hysteresis.RecoveryHold ? longest.Length() : hysteresis.RecoveryHold;

    /// <summary>
    /// Pins the level (an operator's forced fallback or kill switch) or, with null, hands it back to
    /// the policy, which then takes the level its breaches call for at once: a release is a decision.
    /// </summary>
    public static LevelTransition? Force(
        ModelDefinition model, ModelReadings readings, LevelState state,
        DegradationLevel? level, DateTimeOffset now, string reason)
    {
        state.Forced = level;
        var breaches = ThresholdEvaluator.Evaluate(model, readings, margin: 0);
        var to = level ?? WorstOf(breaches);
        state.RecoveringSince = null;
        state.Unsaved = true;
        if (to == state.Level && level is null)
        {
            state.HeldBy = HeldAt(state, breaches, to, now);
            return null;
        }
        return Move(state, to, now, reason, breaches);
    }

    /// <summary>Forgets a pending recovery; used when the definition changes under the model.</summary>
    public static void ResetRecovery(LevelState state) => SetRecovering(state, null);

    private static void SetRecovering(LevelState state, DateTimeOffset? since)
    {
        if (state.RecoveringSince == since) return;
        state.RecoveringSince = since;
        state.Unsaved = true;
    }

    private static LevelTransition Move(LevelState state, DegradationLevel to, DateTimeOffset now, string reason, IEnumerable<Breach> because)
    {
        var transition = new LevelTransition(state.Level, to, now, reason);
        if (to < state.Level) Remember(state, to, now);
        state.HeldBy = HeldAt(state, because, to, now);
        state.Level = to;
        state.Since = now;
        state.RecoveringSince = null;
        state.History.Add(transition);
        if (state.History.Count > LevelState.MaxHistory) state.History.RemoveAt(0);
        return transition;
    }

    /// <summary>
    /// A threshold breached at the current level joins the ones holding the model there; one already held is judged
    /// again (not unjudged any more) and remembers the longest window it was breached over.
    /// </summary>
    private static void Hold(LevelState state, IReadOnlyList<Breach> breaches, DateTimeOffset now)
    {
        for (var n = 0; n < breaches.Count; n++)
        {
            var b = breaches[n];
            if (b.Severity != state.Level) continue;
            var i = IndexOf(state.HeldBy, b.Threshold);
            if (i < 0)
            {
                state.HeldBy.Add(Held(state, b, unjudgedSince: null, now));
                state.Unsaved = true;
                continue;
            }
            var held = state.HeldBy[i];
            var window = b.Window > held.Window ? b.Window : held.Window;
            if (window == held.Window && held.UnjudgedSince is null) continue;
            state.HeldBy[i] = held with { Window = window, UnjudgedSince = null };
            state.Unsaved = true;
        }
    }

    /// <summary>
    /// Notes which held thresholds can be judged now and takes out of <paramref name="stillBreached"/> the ones that
    /// have gone unjudged for their release period; returns the words for a recovery's reason, or null.
    /// </summary>
    private static string? Release(LevelState state, ref IReadOnlyList<Breach> stillBreached, Hysteresis hysteresis, DateTimeOffset now)
    {
        string? released = null;
        for (var i = 0; i < state.HeldBy.Count; i++)
        {
            var held = state.HeldBy[i];
            var unjudged = IndexOfUnjudged(stillBreached, held.Threshold);
            if (unjudged < 0)
            {
                if (held.UnjudgedSince is null) continue;
                state.HeldBy[i] = held with { UnjudgedSince = null };
                state.Unsaved = true;
                continue;
            }
            if (held.UnjudgedSince is null)
            {
                state.HeldBy[i] = held = held with { UnjudgedSince = now };
                state.Unsaved = true;
            }
            var longest = stillBreached[unjudged].Window;
            if (now - held.UnjudgedSince!.Value < ReleaseAfter(hysteresis, longest)) continue;
            var remaining = new List<Breach>(stillBreached);
            remaining.RemoveAt(unjudged);
            stillBreached = remaining;
            released = (released is null ? "" : released + "; ") +
                $"{held.Threshold} released: not judged for {Format(now - held.UnjudgedSince.Value)} (too little traffic over {longest.Name()})";
        }
        return released;
    }

    private static List<HeldBreach> HeldAt(LevelState state, IEnumerable<Breach> breaches, DegradationLevel level, DateTimeOffset now) =>
        breaches.Where(b => b.Severity == level).Select(b => Held(state, b, b.Judged ? null : now, now)).ToList();

    /// <summary>A breach as a held one: a relapse when the model recovered from it within the damping memory.</summary>
    private static HeldBreach Held(LevelState state, Breach b, DateTimeOffset? unjudgedSince, DateTimeOffset now)
    {
        var relapses = 0;
        foreach (var r in state.Recovered)
        {
            if (r.Threshold == b.Threshold && now - r.At < DampingMemory) relapses = r.Relapses + 1;
        }
        return new HeldBreach(b.Threshold, b.Severity, b.Window, unjudgedSince, relapses);
    }

    /// <summary>Remembers the held thresholds a recovery to <paramref name="to"/> leaves behind, and forgets old recoveries.</summary>
    private static void Remember(LevelState state, DegradationLevel to, DateTimeOffset now)
    {
        state.Recovered.RemoveAll(r => now - r.At >= DampingMemory);
        foreach (var held in state.HeldBy)
        {
            if (held.Severity <= to) continue;
            state.Recovered.RemoveAll(r => r.Threshold == held.Threshold);
            state.Recovered.Add(new RecoveredBreach(held.Threshold, now, held.Relapses));
        }
    }

    // Loops, not lambdas: these run after every batch of a degraded model.
    private static int IndexOf(List<HeldBreach> held, string threshold)
    {
        for (var i = 0; i < held.Count; i++) if (held[i].Threshold == threshold) return i;
        return -1;
    }

    private static int IndexOfUnjudged(IReadOnlyList<Breach> breaches, string threshold)
    {
        for (var i = 0; i < breaches.Count; i++) if (!breaches[i].Judged && breaches[i].Threshold == threshold) return i;
        return -1;
    }

    // A loop, not Select/DefaultIfEmpty/Max: this runs twice after every batch.
    private static DegradationLevel WorstOf(IReadOnlyList<Breach> breaches)
    {
        var worst = DegradationLevel.FullAi;
        for (var i = 0; i < breaches.Count; i++) if (breaches[i].Severity > worst) worst = breaches[i].Severity;
        return worst;
    }

    private static string Describe(IEnumerable<Breach> breaches, DegradationLevel level) =>
        string.Join("; ", breaches.Where(b => b.Severity == level).Select(b => b.Message));

    public static string Format(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0 ? $"{span.TotalHours:0}h" : $"{span.TotalMinutes:0}m";
}
