using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Turns a selector into model ids. A percentage picks the same models for the same seed and the same
/// selector, wherever it is written: an expectation with the injection's selector means its models.
/// </summary>
public static class TargetResolver
{
    /// <summary>Ids in the selector are the scenario's own; <paramref name="idPrefix"/> is what the run put before them.</summary>
    public static IReadOnlyList<string> Resolve(TargetSelector selector, IEnumerable<SimulatedModel> fleet, int seed, string idPrefix = "")
    {
        var matching = fleet.Where(m =>
                (selector.Ids.Count == 0 || selector.Ids.Contains(m.Id[idPrefix.Length..]) || selector.Ids.Contains(m.Id))
                && (selector.Domain is null || m.Domain == selector.Domain)
                && (selector.Tag is null || m.Tags.Contains(selector.Tag))
                && (selector.DataSource is null || m.DataSources.Contains(selector.DataSource)))
            .Select(m => m.Id).ToList();
        if (selector.Percent is not { } percent) return matching;
        var take = (int)Math.Ceiling(matching.Count * percent / 100);
        return matching.OrderBy(id => Fleet.Monitoring.Ingestion.StableHash.Of($"{seed}|{selector}|{id[idPrefix.Length..]}")).ThenBy(id => id, StringComparer.Ordinal)
            .Take(take).ToList();
    }
}
