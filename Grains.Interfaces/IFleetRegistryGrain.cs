using Fleet.Registry;

namespace Fleet;

/// <summary>The fleet's index of models, kept current by the model grains. A single activation (key 0).</summary>
[Alias("Fleet.IFleetRegistryGrain")]
public interface IFleetRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Upsert")]
    Task Upsert(ModelSummary summary);

    [Alias("Query")]
    Task<FleetView> Query(FleetQuery query);

    /// <summary>
    /// Grows with every change and never goes back, across restarts and reactivations too, so a watcher can tell
    /// cheaply whether to query again and a page never takes a new change for an old one.
    /// </summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();
}
