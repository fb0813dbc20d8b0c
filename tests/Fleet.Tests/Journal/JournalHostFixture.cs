using Fleet.Tests.Core;

namespace Fleet.Tests.Journal;

/// <summary>One real host (SQLite, Orleans, HTTP) for the journal tests of a class.</summary>
public sealed class JournalHostFixture : IAsyncLifetime
{
    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public HttpClient Http => Host.Http;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
