using Fleet.Catalogue;
using Fleet.Models;

namespace Fleet.Dashboard.Reports.Sections;

/// <summary>
/// Which alert rules ought to catch a cause, read from the declarations: for a run, the injected fault moves signals
/// (<see cref="FaultSymptoms"/>); for live traffic, the first breach names a level threshold whose reading has a signal
/// (<see cref="ThresholdCatalogue"/>). The rules expected are the catalogue's rules whose readings watch those signals,
/// so no list of rule names is kept here.
/// </summary>
public static class ExpectedRules
{
    /// <summary>The fault's name from a journal entry's detail ("upstream-outage x0.9 on 40 model(s) ..."): its first word.</summary>
    public static string FaultOf(string injectionDetail) => injectionDetail.Split(' ', 2)[0];

    public static IReadOnlyList<string> ForFault(CatalogueView catalogue, string fault) => Watching(catalogue, FaultSymptoms.Of(fault));

    /// <summary>The rules on the breached threshold's signal, and on the level when the breach took the model to a fallback.</summary>
    public static IReadOnlyList<string> ForBreach(CatalogueView catalogue, string reason, int level)
    {
        var signals = BreachSignals(reason).ToHashSet();
        if (level >= (int)DegradationLevel.RulesFallback) signals.Add(Signal.Level);
        return Watching(catalogue, signals);
    }

    /// <summary>The catalogue's alert and burn-rate rules reading any of <paramref name="signals"/>, in the catalogue's order.</summary>
    public static IReadOnlyList<string> Watching(CatalogueView catalogue, IReadOnlyCollection<Signal> signals)
    {
        bool Watches(string reading) => Readings.All.FirstOrDefault(r => r.Name == reading) is { } r && signals.Contains(r.Signal);
        return catalogue.AlertRules.Where(r => Watches(r.Reading.Split('@', 2)[0])).Select(r => r.Name)
            .Concat(catalogue.BurnRateRules.Where(b => b.Readings.Any(Watches)).Select(b => b.Name))
            .Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The signals of the thresholds a level change's reason names. A limit's reason is its declaration's words with
    /// numbers filled in, so a reason is the declaration's when the words of its sample without digits appear in the
    /// reason in order. The quality targets word their breaches in the evaluator: "baseline", "launch bar".
    /// </summary>
    public static IEnumerable<Signal> BreachSignals(string reason)
    {
        var words = Letters(reason);
        foreach (var signal in Signatures.Where(s => InOrder(s.Signature, words)).Select(s => s.Declaration.Reading.Signal).Distinct())
            yield return signal;
        if (reason.Contains("baseline", StringComparison.Ordinal) || reason.Contains("launch bar", StringComparison.Ordinal))
            yield return Readings.Quality.Signal;
    }

    // One sample per quality metric: a fairness breach names the model's metric.
    private static readonly IReadOnlyList<(LimitDeclaration Declaration, string[] Signature)> Signatures =
        ThresholdCatalogue.Limits.SelectMany(d => Enum.GetValues<QualityMetricKind>().Select(m => (d, Letters(Sample(d, m)))))
            .Where(s => s.Item2.Length > 0).ToList();

    private static string Sample(LimitDeclaration d, QualityMetricKind metric)
    {
        var limit = d.Base ?? new Limit(0.5, WindowSpan.FiveMinutes, 1);
        return d.Words(limit, 0.5, limit.Window, metric);
    }

    // The words of a text that hold no digit: what stays the same whatever the numbers.
    private static string[] Letters(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Any(char.IsDigit)).ToArray();

    private static bool InOrder(string[] signature, string[] words)
    {
        var at = 0;
        foreach (var word in words)
            if (at < signature.Length && word == signature[at]) at++;
        return at == signature.Length;
    }
}
