using Fleet.Monitoring;
using Fleet.Tests.Metrics;
using Xunit;

namespace Fleet.Tests.Catalogue;

/// <summary>README's thresholds and rules tables are the catalogue's; rewrite them with FLEET_WRITE_README=1.</summary>
public sealed class ReadmeCatalogueTests
{
    [Fact]
    public void README_s_thresholds_and_rules_tables_are_what_the_catalogue_generates()
    {
        var path = Repo.PathOf("README.md");
        var readme = File.ReadAllText(path);
        var expected = ReadmeCatalogueTables.Apply(readme, ReadmeCatalogueTables.Render(CatalogueBuilder.Build()));
        if (Environment.GetEnvironmentVariable("FLEET_WRITE_README") == "1") File.WriteAllText(path, expected);

        Assert.Equal(expected, readme);
    }
}
