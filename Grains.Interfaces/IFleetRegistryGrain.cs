using Fleet.Registry;

namespace Fleet;

/// <summary>The index of one world's models, kept current by the model grains. Keyed by the world (<see cref="World"/>).</summary>
[Alias("Fleet.IFleetRegistryGrain")]
public interface IFleetRegistryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(ModelSummary summary);

    [Alias("Query")]
    Task<FleetView> Query(FleetQuery query);

    /// <summary>Grows by one with every change, so a watcher can tell cheaply whether to query again.</summary>
    [Alias("GetVersion")]
    Task<long> GetVersion();
}
