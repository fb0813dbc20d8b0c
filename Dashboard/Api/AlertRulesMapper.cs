using Fleet.Models;
using System.Text.RegularExpressions;
using Fleet.Catalogue;
using Fleet.Monitoring.Alerts;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Reads a registration's own alert rules (<c>alerts</c>) into <see cref="ModelAlertRule"/>s, naming the first wrong field
/// ("alerts[1].reading"). A rule may name any declared reading (GET /api/catalogue lists them with their windows).
/// </summary>
public static partial class AlertRulesMapper
{
    public static (IReadOnlyList<ModelAlertRule>? Rules, ApiError? Error) Map(List<AlertRuleRequest?>? requests)
    {
        if (requests is null or { Count: 0 }) return (null, null);
        if (requests.Count > ModelAlertRule.MaxPerModel) return Fail("alerts", $"at most {ModelAlertRule.MaxPerModel} rules per model");
        var rules = new List<ModelAlertRule>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var path = $"alerts[{i}]";
            if (requests[i] is not { } r) return Fail(path, "must be a rule, not null");
            if (r.Name is null || !Name().IsMatch(r.Name))
                return Fail($"{path}.name", "is required: 1-64 lower-case letters, digits and '-', starting with a letter");
            if (rules.Any(x => x.Name == r.Name)) return Fail($"{path}.name", $"'{r.Name}' names two rules of this model");
            if (Readings.Find(r.Reading) is null)
                return Fail($"{path}.reading", $"'{r.Reading}' is not a declared reading; write name@window, e.g. optOut.rate@7d (see GET /api/catalogue)");
            if (!Comparisons.TryParse(r.Comparison, out var comparison)) return Fail($"{path}.comparison", "must be one of >, >=, <, <=");
            if (r.Threshold is not { } threshold || !double.IsFinite(threshold)) return Fail($"{path}.threshold", "is required: a finite number");
            if (!TryHold(r.For, out var @for)) return Fail($"{path}.for", "must be a duration such as 0s, 10m or 1h");
            if (!TryHold(r.KeepFiringFor, out var keep)) return Fail($"{path}.keepFiringFor", "must be a duration such as 0s, 30m or 6h");
            var severity = r.Severity is null ? AlertSeverity.Warning
                : Enum.GetValues<AlertSeverity>().Where(s => string.Equals(s.ToString(), r.Severity, StringComparison.OrdinalIgnoreCase)).Cast<AlertSeverity?>().FirstOrDefault();
            if (severity is null)
                return Fail($"{path}.severity", "must be one of info, warning, page");
            if (r.Description is { Length: > 200 }) return Fail($"{path}.description", "is at most 200 characters");
            rules.Add(new ModelAlertRule(r.Name, r.Reading!, comparison, threshold, @for, keep, severity.Value, string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim()));
        }
        return (rules, null);
    }

    /// <summary>The 400 naming a rule that takes a fleet rule's name (its alerts would be one), or null.</summary>
    public static ApiError? RefuseFleetNames(IReadOnlyList<ModelAlertRule>? rules, CatalogueView catalogue)
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
            if (catalogue.DeclaresAlert(rules![i].Name))
                return ApiError.For($"alerts[{i}].name", $"'{rules[i].Name}' is a fleet rule's alert (see GET /api/catalogue); choose another name");
        return null;
    }

    // A hold may be zero (fire at once, resolve at once), which the answer writes "0s": left out, it is zero too.
    private static bool TryHold(string? text, out TimeSpan hold)
    {
        hold = TimeSpan.Zero;
        return text is null || Zero().IsMatch(text) || Durations.TryParse(text, out hold);
    }

    [GeneratedRegex("^0+(\\.0+)?[smhdw]?$")]
    private static partial Regex Zero();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex Name();

    private static (IReadOnlyList<ModelAlertRule>?, ApiError?) Fail(string field, string reason) => (null, ApiError.For(field, reason));
}
