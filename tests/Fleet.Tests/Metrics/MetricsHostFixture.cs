namespace Fleet.Tests.Metrics;

/// <summary>A <see cref="MetricsHost"/> shared by the tests of one class (each test uses its own model ids).</summary>
public sealed class MetricsHostFixture : IAsyncLifetime
{
    private MetricsHost? _host;

    internal MetricsHost Host => _host ?? throw new InvalidOperationException("host not started");

    public async Task InitializeAsync() => _host = await MetricsHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
