namespace Fleet.Simulation.Scenarios;

/// <summary>One model of a scenario's fleet as the file defines it: its id there, domain, tags and data sources.</summary>
public sealed record RosterEntry(string Id, FleetGroup Group, int Number, IReadOnlyList<string> DataSources)
{
    public bool Matches(TargetSelector selector) => selector.Matches(Id, Group.Domain, Group.Tags, DataSources);
}

/// <summary>The models a fleet's groups make: ids are &lt;domain&gt;-001, -002, ... numbered per domain across groups.</summary>
public static class FleetRoster
{
    /// <summary>The source a model reads when its group names none.</summary>
    public const string DefaultDataSource = "warehouse";

    public static List<RosterEntry> Of(IReadOnlyList<FleetGroup> fleet)
    {
        var entries = new List<RosterEntry>(fleet.Sum(g => g.Count));
        var perDomain = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in fleet)
        {
            IReadOnlyList<string> sources = group.DataSources.Count > 0 ? group.DataSources : [DefaultDataSource];
            for (var i = 0; i < group.Count; i++)
            {
                var n = perDomain[group.Domain] = perDomain.GetValueOrDefault(group.Domain) + 1;
                entries.Add(new RosterEntry($"{group.Domain}-{n:000}", group, n, sources));
            }
        }
        return entries;
    }
}
