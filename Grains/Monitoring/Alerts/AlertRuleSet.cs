using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>The rules an <see cref="AlertEvaluator"/> judges: threshold rules and burn-rate rules.</summary>
public sealed record AlertRuleSet(
    IReadOnlyList<AlertRule> Thresholds,
    IReadOnlyList<BurnRateRule> BurnRates)
{
    public static readonly AlertRuleSet Empty = new([], []);

    /// <summary>Every alert name the set can raise, in evaluation order (threshold rules, then each burn pair).</summary>
    public IEnumerable<string> AlertNames() =>
        Thresholds.Select(r => r.Name).Concat(BurnRates.SelectMany(b => b.Windows.Select(b.AlertName)));

    /// <summary>Why the set cannot be used, one line per problem; empty when it can.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var name in AlertNames().GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"alert '{name.Key}' is defined {name.Count()} times");
        foreach (var r in Thresholds)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) problems.Add("a rule has no name");
            if (r.Reading is null) problems.Add($"rule '{r.Name}' has no reading");
            if (!double.IsFinite(r.Threshold)) problems.Add($"rule '{r.Name}' has a threshold that is not a finite number");
            if (r.For < TimeSpan.Zero || r.KeepFiringFor < TimeSpan.Zero) problems.Add($"rule '{r.Name}' has a negative for or keep_firing_for");
        }
        foreach (var b in BurnRates)
        {
            if (string.IsNullOrWhiteSpace(b.Name)) problems.Add("a burn-rate rule has no name");
            if (!(b.Objective > 0 && b.Objective < 1)) problems.Add($"burn-rate rule '{b.Name}' needs an objective between 0 and 1 (exclusive)");
            if (b.Windows.Count == 0) problems.Add($"burn-rate rule '{b.Name}' has no window pairs");
            foreach (var w in b.Windows)
            {
                if (w.Short.Length() >= w.Long.Length()) problems.Add($"{b.AlertName(w)}: the short window must be shorter than the long one");
                if (!(w.Factor > 0)) problems.Add($"{b.AlertName(w)}: the burn factor must be positive");
                if (w.For < TimeSpan.Zero || w.KeepFiringFor < TimeSpan.Zero) problems.Add($"{b.AlertName(w)}: negative for or keep_firing_for");
            }
        }
        return problems;
    }
}
