using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Monitoring.Alerts;

/// <summary>The rules judged for one model: the fleet's default rules, then the model's own (<see cref="ModelDefinition.Alerts"/>).</summary>
public static class ModelRuleSet
{
    public static AlertRuleSet For(ModelDefinition model) =>
        model.Alerts is not { Count: > 0 } own
            ? DefaultAlertRules.Set
            : DefaultAlertRules.Set with
            {
                Thresholds = [.. DefaultAlertRules.Set.Thresholds, .. own.Select(r => Rule(model.Id, r))],
            };

    /// <summary>Whether two definitions declare the same own rules (in order): otherwise the model's evaluator is rebuilt.</summary>
    public static bool SameRules(ModelDefinition a, ModelDefinition b) =>
        (a.Alerts ?? []).SequenceEqual(b.Alerts ?? []);

    private static AlertRule Rule(string model, ModelAlertRule r) =>
        new(r.Name, r.Key, r.Comparison, r.Threshold, r.For, r.KeepFiringFor, r.Severity, AlertScope.ForModel(model),
            r.Description ?? $"the owner's rule {r.Expression}");
}
