namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Which default alert rules ought to catch a cause: for a run, the injected fault; for live traffic, the
/// threshold the first breach names (its message). Used to say which rule should have fired first.
/// </summary>
public static class ExpectedRules
{
    private static readonly Dictionary<string, string[]> ByFault = new(StringComparer.Ordinal)
    {
        ["data-drift"] = ["input-drift"],
        ["concept-drift"] = ["quality-drop", "quality-detector"],
        ["seasonal-drift"] = ["quality-drop", "quality-detector"],
        ["cold-start"] = ["feature-missing", "model-degraded"],
        ["launch"] = ["quality-detector", "model-degraded"],
        ["pipeline-failure"] = ["feature-missing", "feature-type-change", "input-drift"],
        ["upstream-outage"] = ["feature-missing", "error-rate", "latency-budget"],
        ["latency-spike"] = ["latency-budget", "latency-detector"],
        ["timeouts"] = ["error-rate", "availability-burn"],
        ["serving-outage"] = ["error-rate", "availability-burn", "model-degraded"],
        ["feedback-loop"] = ["quality-drop", "model-degraded"],
        ["segment-bias"] = ["fairness-gap"],
    };

    private static readonly (string Phrase, string[] Rules)[] ByBreach =
    [
        ("errors and timeouts", ["error-rate", "availability-burn"]),
        ("error rate", ["error-rate"]),
        ("timeout rate", ["error-rate", "availability-burn"]),
        ("latency P95", ["latency-budget"]),
        ("input features drifted", ["input-drift"]),
        ("between segments", ["fairness-gap"]),
        ("baseline", ["quality-drop", "quality-detector"]),
        ("launch", ["quality-drop", "quality-detector"]),
    ];

    /// <summary>The fault's name from a journal entry's detail ("upstream-outage x0.9 on 40 model(s) ..."): its first word.</summary>
    public static string FaultOf(string injectionDetail) => injectionDetail.Split(' ', 2)[0];

    public static IReadOnlyList<string> ForFault(string fault) => ByFault.GetValueOrDefault(fault) ?? [];

    public static IReadOnlyList<string> ForBreach(string reason, int level)
    {
        var rules = ByBreach.Where(b => reason.Contains(b.Phrase, StringComparison.OrdinalIgnoreCase)).SelectMany(b => b.Rules).ToList();
        if (level >= 3) rules.Add("model-degraded");
        return rules.Distinct(StringComparer.Ordinal).ToList();
    }
}
