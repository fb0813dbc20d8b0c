using Fleet.Tests.Durability;

namespace Fleet.Tests.Cluster;

/// <summary>
/// Two silos of one PostgreSQL cluster, started once for the classes of <see cref="SharedClusterCollection"/>: checks
/// that kill no silo and change nothing cluster-wide that another class reads share its start-up.
/// </summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    internal PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("cluster not started");
    internal SiloProcess A { get; private set; } = null!;
    internal SiloProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.CreateAsync("shared");
        A = await _cluster.StartAsync();
        B = await _cluster.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "shared two-silo cluster";
}
