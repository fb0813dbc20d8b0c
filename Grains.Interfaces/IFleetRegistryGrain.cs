using Fleet.Registry;

namespace Fleet;

/// <summary>The index of one world's models, kept current by the model grains. Keyed by the world (<see cref="World"/>).</summary>
[Alias("Fleet.IFleetRegistryGrain")]
public interface IFleetRegistryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(ModelSummary summary);

    /// <summary>Drops a deleted model's line.</summary>
    [Alias("Remove")]
    Task Remove(string modelId);

    [Alias("Query")]
    Task<FleetView> Query(FleetQuery query);

    /// <summary>Whether a model of this id is registered: lets the API answer an unknown id without activating its grain.</summary>
    [Alias("Contains"), Orleans.Concurrency.ReadOnly]
    Task<bool> Contains(string modelId);

    /// <summary>
    /// Grows with every change and never goes back, across restarts and reactivations too, so a watcher can tell
    /// cheaply whether to query again and a page never takes a new change for an old one.
    /// </summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();
}
