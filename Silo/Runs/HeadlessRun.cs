using System.Net;
using System.Net.Sockets;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Silo.Runs;

/// <summary>
/// Runs a scenario to its end in this process as fast as possible: through a private in-memory
/// Orleans silo (the real grain path), or with <c>plain</c> through the same monitoring classes in
/// one thread with no Orleans. Nothing is written to disk.
/// </summary>
public static class HeadlessRun
{
    public static async Task<RunSummary> RunAsync(Scenario scenario, RunOptions options, bool plain,
        IProgress<ScenarioRun>? progress = null, CancellationToken cancellationToken = default)
    {
        if (plain) return await PlayAsync(new ScenarioRun(scenario, options, new MonitorFleetSink()), progress, cancellationToken);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ModelGrainOptions>(builder.Configuration.GetSection("Fleet:Models"));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: "fleet-headless", clusterId: "fleet-headless")
            .AddMemoryGrainStorage(StorageNames.Fleet)
            .AddMemoryGrainStorageAsDefault());
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var sink = new GrainFleetSink(host.Services.GetRequiredService<IGrainFactory>());
            return await PlayAsync(new ScenarioRun(scenario, options, sink), progress, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<RunSummary> PlayAsync(ScenarioRun run, IProgress<ScenarioRun>? progress, CancellationToken cancellationToken)
    {
        await run.RunAsync(cancellationToken, r => { if (r.Ticks % 60 == 0 || r.Finished) progress?.Report(r); });
        return run.Summary();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
