using Fleet.Catalogue;
using Orleans.Concurrency;

namespace Fleet;

/// <summary>The catalogue, built once per activation from the declarations (they never change while a silo runs).</summary>
[StatelessWorker]
public sealed class CatalogueGrain : Grain, ICatalogueGrain
{
    private static readonly CatalogueView View = Monitoring.CatalogueBuilder.Build();

    public Task<CatalogueView> Get() => Task.FromResult(View);
}
