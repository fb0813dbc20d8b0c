using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Grain state kept in memory (headless runs, benchmarks), written with Orleans' binary serializer as Fleet's durable
/// stores write it: the memory store's default JSON serializer skips the window state's private fields, so a run
/// or a benchmark on it did less checkpoint work than a silo does.
/// </summary>
public static class MemoryStateStorage
{
    public static ISiloBuilder AddFleetMemoryStorage(this ISiloBuilder silo)
    {
        static void Configure(OptionsBuilder<MemoryGrainStorageOptions> options) => options.Configure<IServiceProvider>((o, services) =>
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        silo.AddMemoryGrainStorage(StorageNames.Fleet, Configure);
        silo.AddMemoryGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, Configure);
        return silo;
    }
}
