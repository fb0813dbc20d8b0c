using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>What a check saw: whether its condition holds (null: not judged), the value, and the words for it.</summary>
internal readonly record struct Judgement(bool? Holds, double? Value, string Observed);

/// <summary>
/// One alert as the evaluator runs it: a threshold rule, or one window pair of a burn-rate rule,
/// reduced to the same shape so both go through the one life cycle.
/// </summary>
internal sealed class AlertCheck
{
    private readonly Func<IReadOnlyDictionary<string, double?>, Judgement> _judge;

    private AlertCheck(string name, AlertSeverity severity, TimeSpan @for, TimeSpan keepFiringFor, AlertScope scope,
        string description, Func<IReadOnlyDictionary<string, double?>, Judgement> judge)
    {
        Name = name;
        Severity = severity;
        For = @for;
        KeepFiringFor = keepFiringFor;
        Scope = scope;
        Description = description;
        _judge = judge;
    }

    public string Name { get; }
    public AlertSeverity Severity { get; }
    public TimeSpan For { get; }
    public TimeSpan KeepFiringFor { get; }
    public AlertScope Scope { get; }
    public string Description { get; }

    public Judgement Judge(IReadOnlyDictionary<string, double?> signals) => _judge(signals);

    public static IEnumerable<AlertCheck> From(AlertRuleSet rules) =>
        rules.Thresholds.Select(From).Concat(rules.BurnRates.SelectMany(From));

    private static AlertCheck From(AlertRule rule) =>
        new(rule.Name, rule.Severity, rule.For, rule.KeepFiringFor, rule.Scope, rule.Description, signals =>
        {
            var op = rule.Comparison.Symbol();
            var threshold = SignalFormat.Number(rule.Threshold);
            if (AlertSignals.Read(signals, rule.Signal) is not { } value)
                return new(null, null, $"{rule.Signal} not judged (threshold {op} {threshold})");
            var holds = rule.Comparison.Holds(value, rule.Threshold);
            var shown = SignalFormat.Number(value);
            return new(holds, value, holds
                ? $"{rule.Signal} = {shown} {op} {threshold}"
                : $"{rule.Signal} = {shown}, not {op} {threshold}");
        });

    private static IEnumerable<AlertCheck> From(BurnRateRule rule) =>
        rule.Windows.Select(window => new AlertCheck(rule.AlertName(window), window.Severity, window.For, window.KeepFiringFor,
            rule.Scope, rule.Description, signals =>
            {
                var what = $"{rule.Indicator.Name} budget burn";
                var target = $"{SignalFormat.Number(window.Factor)}x (objective {SignalFormat.Percent(rule.Objective)}, budget {SignalFormat.Percent(rule.Budget)})";
                var longBurn = rule.BurnRate(signals, window.Long);
                var shortBurn = rule.BurnRate(signals, window.Short);
                if (longBurn is not { } l || shortBurn is not { } s)
                    return new(null, null, $"{what} over {window.Long.Name()}/{window.Short.Name()} not judged (threshold {target})");
                // Both windows above the factor is the same as the smaller burn above it: that is the value.
                var value = Math.Min(l, s);
                var holds = value > window.Factor;
                var seen = $"{what} {SignalFormat.Number(l)}x over {window.Long.Name()} and {SignalFormat.Number(s)}x over {window.Short.Name()}";
                return new(holds, value, holds ? $"{seen}, both > {target}" : $"{seen}, not both > {target}");
            }));
}
