using System.Collections.Concurrent;

namespace Fleet.Dashboard.Hubs;

/// <summary>Which browser connections watch which model, so only watched models are read and pushed.</summary>
public sealed class ModelWatchers
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byConnection = new();

    public static string Group(string model) => "model:" + model;

    public void Watch(string connection, string model) =>
        _byConnection.GetOrAdd(connection, _ => new()).TryAdd(model, 0);

    public void Unwatch(string connection, string model)
    {
        if (_byConnection.TryGetValue(connection, out var models)) models.TryRemove(model, out _);
    }

    public void Forget(string connection) => _byConnection.TryRemove(connection, out _);

    /// <summary>Every model at least one connection watches.</summary>
    public IReadOnlyCollection<string> Watched() =>
        _byConnection.Values.SelectMany(models => models.Keys).Distinct(StringComparer.Ordinal).ToList();
}
