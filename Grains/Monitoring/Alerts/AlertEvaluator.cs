namespace Fleet.Monitoring.Alerts;

/// <summary>
/// Runs the Prometheus alert life cycle for every (rule, model) pair, in event time. At each
/// evaluation, for each rule whose scope covers the model:
/// <list type="bullet">
/// <item>condition true: inactive or resolved -> pending (or straight to firing when <c>for</c> is zero);
/// pending -> firing once it has held for <c>for</c> (now - activeAt &gt;= for); a firing alert's
/// <c>keep_firing_for</c> clock is reset.</item>
/// <item>condition false: pending -> inactive; firing starts (or continues) its <c>keep_firing_for</c>
/// clock and resolves once now - clearedAt &gt;= keep_firing_for (at once when it is zero).</item>
/// <item>not judged (reading null): a pending alert goes back to inactive, because an unproven
/// condition must not ripen into a page; every other state is kept, since silence is no evidence of
/// recovery either. Clocks neither start nor reset.</item>
/// </list>
/// Prometheus semantics throughout (rules/alerting.go): a resolved alert that holds again starts a new
/// episode with a fresh <c>for</c>. Alerts of rules no longer in the set, or no longer covering the model,
/// are retired at the model's next evaluation: pending to inactive, firing to resolved.
/// </summary>
/// <example>
/// <code>
/// var alerts = new AlertEvaluator(DefaultAlertRules.Set);
/// var readings = new ModelReadings { [Readings.Level.Key] = 3 };
/// var changes = alerts.Evaluate("fraud-1", "fraud", readings, now);
/// // [model-degraded on fraud-1: Inactive -> Firing, "...: level = 3 >= 3"]
/// </code>
/// </example>
public sealed class AlertEvaluator
{
    private readonly List<AlertCheck> _checks;

    /// <param name="rules">The rules; they must pass <see cref="AlertRuleSet.Validate"/>.</param>
    /// <param name="state">The persisted life cycles to continue from; a new empty state when null.</param>
    public AlertEvaluator(AlertRuleSet rules, AlertEvaluatorState? state = null)
    {
        var problems = rules.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(rules));
        Rules = rules;
        State = state ?? new AlertEvaluatorState();
        _checks = AlertCheck.From(rules).ToList();
    }

    public AlertRuleSet Rules { get; }

    /// <summary>What to persist: written through whenever <see cref="Evaluate"/> returns a transition.</summary>
    public AlertEvaluatorState State { get; }

    /// <summary>
    /// Judges every rule covering <paramref name="model"/> on its <paramref name="readings"/> at
    /// <paramref name="now"/> and returns the state changes, in rule order. An evaluation older than the
    /// model's previous one changes nothing.
    /// </summary>
    public IReadOnlyList<AlertTransition> Evaluate(
        string model, string domain, ModelReadings readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(readings);
        // Null while the model has no remembered alert, as most models at most evaluations: nothing is allocated for them.
        State.Models.TryGetValue(model, out var alerts);

        List<AlertTransition>? transitions = null; // most evaluations change nothing and allocate nothing here
        foreach (var check in _checks)
        {
            if (!check.Scope.Covers(model, domain)) continue;
            var seen = check.Judge(readings);
            if (alerts is null || !alerts.TryGetValue(check.Name, out var alert))
            {
                // Only alerts that ever held are remembered: the persisted state stays proportional to trouble, not to fleet size.
                if (seen.Holds != true) continue;
                if (alerts is null) State.Models[model] = alerts = [];
                alerts[check.Name] = alert = new AlertLifecycle { Since = now, LastEvaluatedAt = now };
            }
            else if (now < alert.LastEvaluatedAt)
            {
                continue;
            }
            var keepFiringSince = alert.KeepFiringSince;
            if (Step(check, model, alert, seen, readings, now) is { } t) (transitions ??= []).Add(t);
            // A keep_firing_for clock that started or stopped decides when the alert resolves: it must be saved too.
            else if (alert.KeepFiringSince != keepFiringSince) State.Unsaved = true;
        }
        if (alerts is null) return transitions ?? (IReadOnlyList<AlertTransition>)[];
        Retire(model, domain, alerts, now, ref transitions);
        if (alerts.Count == 0) State.Models.Remove(model);
        return transitions ?? (IReadOnlyList<AlertTransition>)[];
    }

    /// <summary>Where each alert stands, for one model or (null) the fleet; inactive alerts are left out.</summary>
    public IReadOnlyList<AlertStatus> Status(string? model = null)
    {
        var result = new List<AlertStatus>();
        foreach (var (id, alerts) in State.Models)
        {
            if (model is not null && id != model) continue;
            foreach (var (name, a) in alerts)
            {
                if (a.State == AlertState.Inactive) continue;
                result.Add(new AlertStatus(name, id, a.State, a.Since, a.Value, a.Severity, a.ActiveAt));
            }
        }
        return result;
    }

    /// <summary>Drops a model's alerts (the model left the fleet); no transitions are produced.</summary>
    public void Forget(string model) => State.Models.Remove(model);

    private static AlertTransition? Step(AlertCheck check, string model, AlertLifecycle alert, Judgement seen,
        ModelReadings readings, DateTimeOffset now)
    {
        alert.LastEvaluatedAt = now;
        alert.Severity = check.Severity;
        if (seen.Value is { } value) alert.Value = value;
        AlertTransition Move(AlertState to, string message) => Transition(check, model, alert, to, now, seen.Value, message);
        // Built only on the paths that return a transition: most evaluations change nothing.
        string Prefix() => $"{check.Description}: {check.Describe(readings)}";

        switch (seen.Holds, alert.State)
        {
            case (null, AlertState.Pending):
                return Move(AlertState.Inactive, $"{Prefix()}; pending dropped until it can be judged");
            case (null, _):
                return null;

            case (true, AlertState.Inactive or AlertState.Resolved):
                alert.ActiveAt = now;
                alert.KeepFiringSince = null;
                return check.For <= TimeSpan.Zero
                    ? Move(AlertState.Firing, Prefix())
                    : Move(AlertState.Pending, $"{Prefix()}; fires if it holds for {SignalFormat.Duration(check.For)}");
            case (true, AlertState.Pending):
                return now - alert.ActiveAt!.Value >= check.For
                    ? Move(AlertState.Firing, $"{Prefix()}; held for {SignalFormat.Duration(now - alert.ActiveAt.Value)}")
                    : null;
            case (true, AlertState.Firing):
                alert.KeepFiringSince = null;
                return null;

            case (false, AlertState.Pending):
                return Move(AlertState.Inactive, $"{Prefix()}; cleared before {SignalFormat.Duration(check.For)}");
            case (false, AlertState.Firing):
                alert.KeepFiringSince ??= now;
                var cleared = now - alert.KeepFiringSince.Value;
                if (cleared < check.KeepFiringFor) return null;
                var kept = check.KeepFiringFor > TimeSpan.Zero ? $"; cleared {SignalFormat.Duration(cleared)} ago (keep firing for {SignalFormat.Duration(check.KeepFiringFor)})" : "";
                return Move(AlertState.Resolved, Prefix() + kept);
            default:
                return null;
        }
    }

    private static AlertTransition Transition(
        AlertCheck check, string model, AlertLifecycle alert, AlertState to, DateTimeOffset now, double? value, string message)
    {
        var from = alert.State;
        var clearedSince = to == AlertState.Resolved ? alert.KeepFiringSince ?? now : (DateTimeOffset?)null;
        var activeSince = to is AlertState.Pending or AlertState.Firing or AlertState.Resolved ? alert.ActiveAt : null;
        alert.State = to;
        alert.Since = now;
        if (to is AlertState.Inactive or AlertState.Resolved)
        {
            alert.ActiveAt = null;
            alert.KeepFiringSince = null;
        }
        return new AlertTransition(check.Name, model, from, to, now, value, check.Severity, message, activeSince, clearedSince);
    }

    /// <summary>Ends the alerts of rules that no longer apply to the model, so no page outlives its rule.</summary>
    private void Retire(string model, string domain, Dictionary<string, AlertLifecycle> alerts,
        DateTimeOffset now, ref List<AlertTransition>? transitions)
    {
        List<string>? gone = null;
        foreach (var (name, alert) in alerts)
        {
            if (Covers(name, model, domain)) continue;
            (gone ??= []).Add(name);
            if (alert.State is not (AlertState.Pending or AlertState.Firing)) continue;
            var to = alert.State == AlertState.Pending ? AlertState.Inactive : AlertState.Resolved;
            (transitions ??= []).Add(new AlertTransition(name, model, alert.State, to, now, alert.Value, alert.Severity,
                $"{name}: the rule no longer applies to {model}", to == AlertState.Resolved ? alert.ActiveAt : null,
                to == AlertState.Resolved ? alert.KeepFiringSince ?? now : null));
        }
        if (gone is not null) foreach (var name in gone) alerts.Remove(name);
    }

    private bool Covers(string name, string model, string domain)
    {
        foreach (var check in _checks)
        {
            if (check.Name == name && check.Scope.Covers(model, domain)) return true;
        }
        return false;
    }
}
