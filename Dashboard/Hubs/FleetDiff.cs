using System.Text.Json;
using Fleet.Dashboard.Api;

namespace Fleet.Dashboard.Hubs;

/// <summary>The models that changed since the last push, and the fleet's counts: what a browser patches in.</summary>
public sealed record FleetDiffMessage(
    long Version, IReadOnlyList<ModelLine> Changed, IReadOnlyList<string> Removed,
    IReadOnlyDictionary<string, int> CountsByLevel, IReadOnlyDictionary<string, int> CountsByGap, int Total);

/// <summary>Remembers what browsers were last sent, line by line, and works out the difference to a new fleet.</summary>
public sealed class FleetDiffer
{
    private Dictionary<string, string> _sent = new(StringComparer.Ordinal);

    public FleetDiffMessage Next(FleetResponse fleet)
    {
        var now = new Dictionary<string, string>(fleet.Models.Count, StringComparer.Ordinal);
        var changed = new List<ModelLine>();
        foreach (var line in fleet.Models)
        {
            // Lines hold lists, so records do not compare by value: their JSON does.
            var json = JsonSerializer.Serialize(line, FleetJson.Options);
            now[line.Id] = json;
            if (!_sent.TryGetValue(line.Id, out var before) || before != json) changed.Add(line);
        }
        var removed = _sent.Keys.Where(id => !now.ContainsKey(id)).ToList();
        _sent = now;
        return new FleetDiffMessage(fleet.Version, changed, removed, fleet.CountsByLevel, fleet.CountsByGap, fleet.Total);
    }
}
