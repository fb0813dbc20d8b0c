using Fleet.Catalogue;

namespace Fleet;

/// <summary>
/// Answers what Fleet judges models by (<see cref="CatalogueView"/>): built from the declarations the monitors run, so the
/// API, the page and the CLI read the same rules the grains apply. One key (0) serves everyone.
/// </summary>
[Alias("Fleet.ICatalogueGrain")]
public interface ICatalogueGrain : IGrainWithIntegerKey
{
    [Alias("Get")]
    Task<CatalogueView> Get();
}
