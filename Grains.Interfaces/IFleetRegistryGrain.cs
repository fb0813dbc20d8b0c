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

    /// <summary>Grows by one with every change, so a watcher can tell cheaply whether to query again.</summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();
}
