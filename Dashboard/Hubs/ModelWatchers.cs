using System.Collections.Concurrent;

namespace Fleet.Dashboard.Hubs;

/// <summary>Which browser connections watch which model (by its grain key, <see cref="World.ModelKey"/>), so only watched models are read and pushed.</summary>
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

    /// <summary>Stops every watch of the connection; returns the models it watched.</summary>
    public IReadOnlyCollection<string> Forget(string connection) =>
        _byConnection.TryRemove(connection, out var models) ? models.Keys.ToList() : [];

    /// <summary>Every model at least one connection watches.</summary>
    public IReadOnlyCollection<string> Watched() =>
        _byConnection.Values.SelectMany(models => models.Keys).Distinct(StringComparer.Ordinal).ToList();
}
