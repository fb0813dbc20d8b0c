using Fleet.Tests.Core;

namespace Fleet.Tests.Exercises;

/// <summary>One host without the demo (its run would compete with the exercises' for the CPU) for a class of exercise tests.</summary>
public sealed class ExerciseHostFixture : IAsyncLifetime
{
    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
