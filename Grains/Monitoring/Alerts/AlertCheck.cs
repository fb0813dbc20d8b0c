using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>What a check saw: whether its condition holds (null: not judged) and the value.</summary>
internal readonly record struct Judgement(bool? Holds, double? Value);

/// <summary>
/// One alert as the evaluator runs it: a threshold rule, or one window pair of a burn-rate rule,
/// reduced to the same shape so both go through the one life cycle.
/// </summary>
internal sealed class AlertCheck
{
    private readonly Func<ModelReadings, Judgement> _judge;
    private readonly Func<ModelReadings, string> _describe;

    // Judging runs for every rule at every evaluation; the words for what was seen are only built for a transition.
    private AlertCheck(string name, AlertSeverity severity, TimeSpan @for, TimeSpan keepFiringFor, AlertScope scope,
        string description, Func<ModelReadings, Judgement> judge,
        Func<ModelReadings, string> describe)
    {
        _describe = describe;
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

    public Judgement Judge(ModelReadings readings) => _judge(readings);

    /// <summary>What was seen, in words ("errorRate@5m = 2.1 % > 1 %").</summary>
    public string Describe(ModelReadings readings) => _describe(readings);

    public static IEnumerable<AlertCheck> From(AlertRuleSet rules) =>
        rules.Thresholds.Select(From).Concat(rules.BurnRates.SelectMany(From));

    private static AlertCheck From(AlertRule rule) =>
        new(rule.Name, rule.Severity, rule.For, rule.KeepFiringFor, rule.Scope, rule.Description,
            readings => readings.Read(rule.Reading) is { } value
                ? new(rule.Comparison.Holds(value, rule.Threshold), value)
                : new(null, null),
            readings =>
            {
                var op = rule.Comparison.Symbol();
                var threshold = SignalFormat.Number(rule.Threshold);
                if (readings.Read(rule.Reading) is not { } value) return $"{rule.Reading} not judged (threshold {op} {threshold})";
                var shown = SignalFormat.Number(value);
                return rule.Comparison.Holds(value, rule.Threshold)
                    ? $"{rule.Reading} = {shown} {op} {threshold}"
                    : $"{rule.Reading} = {shown}, not {op} {threshold}";
            });

    private static IEnumerable<AlertCheck> From(BurnRateRule rule) =>
        rule.Windows.Select(window => new AlertCheck(rule.AlertName(window), window.Severity, window.For, window.KeepFiringFor,
            rule.Scope, rule.Description,
            readings =>
            {
                if (rule.BurnRate(readings, window.Long) is not { } l || rule.BurnRate(readings, window.Short) is not { } s) return new(null, null);
                // Both windows above the factor is the same as the smaller burn above it: that is the value.
                var value = Math.Min(l, s);
                return new(value > window.Factor, value);
            },
            readings =>
            {
                var what = $"{rule.Indicator.Name} budget burn";
                var target = $"{SignalFormat.Number(window.Factor)}x (objective {SignalFormat.Percent(rule.Objective)}, budget {SignalFormat.Percent(rule.Budget)})";
                if (rule.BurnRate(readings, window.Long) is not { } l || rule.BurnRate(readings, window.Short) is not { } s)
                    return $"{what} over {window.Long.Name()}/{window.Short.Name()} not judged (threshold {target})";
                var seen = $"{what} {SignalFormat.Number(l)}x over {window.Long.Name()} and {SignalFormat.Number(s)}x over {window.Short.Name()}";
                return Math.Min(l, s) > window.Factor ? $"{seen}, both > {target}" : $"{seen}, not both > {target}";
            }));
}
