using System.Collections.Concurrent;

namespace Fleet.Dashboard.Api;

/// <summary>
/// Answers whether a model id is registered in a world without activating the model's grain (a request for an
/// unknown id would otherwise create an activation that lives until idle collection). The registry is asked;
/// a "yes" is remembered, a "no" is not (a model registered a moment later is found at once). A remembered id
/// whose model is gone still reaches its grain, which answers "not registered" itself.
/// </summary>
public sealed class KnownModels
{
    /// <summary>Ids remembered at most; beyond it the memory starts over (the registry is asked again).</summary>
    public const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<(string World, string Id), byte> _known = new();

    public async ValueTask<bool> IsRegisteredAsync(IGrainFactory grains, string world, string id)
    {
        if (_known.ContainsKey((world, id))) return true;
        if (!await grains.Registry(world).Contains(id)) return false;
        if (_known.Count >= MaxRemembered) _known.Clear();
        _known.TryAdd((world, id), 0);
        return true;
    }
}
