using System.Collections.Concurrent;

namespace Fleet.Dashboard.Worlds;

/// <summary>
/// Which world each hub connection shows (the live fleet until it says otherwise), so the broadcaster polls only
/// the worlds someone watches and sends each world's pushes only to its SignalR group.
/// </summary>
public sealed class WorldViewers
{
    private readonly ConcurrentDictionary<string, string> _worldOf = new(StringComparer.Ordinal);

    public static string Group(string world) => "world:" + world;

    /// <summary>Points the connection at <paramref name="world"/>; returns the world it showed before, if any.</summary>
    public string? Show(string connection, string world)
    {
        string? before = null;
        _worldOf.AddOrUpdate(connection, world, (_, old) => { before = old; return world; });
        return before;
    }

    public string WorldOf(string connection) => _worldOf.GetValueOrDefault(connection, World.Live);

    public void Forget(string connection) => _worldOf.TryRemove(connection, out _);

    /// <summary>Every world at least one connection shows.</summary>
    public IReadOnlyCollection<string> Watched() => _worldOf.Values.Distinct(StringComparer.Ordinal).ToList();
}
