using System.Net;
using System.Net.Sockets;
using Fleet.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Runs a scenario to its end in this process as fast as possible: through a private in-memory
/// Orleans silo (the real grain path), or with <c>plain</c> through the same monitoring classes in
/// one thread with no Orleans. Nothing is written to disk, and nothing to stdout (logs go to stderr).
/// </summary>
public static class HeadlessRun
{
    public static async Task<RunSummary> RunAsync(Scenario scenario, RunOptions options, bool plain,
        IProgress<ScenarioRun>? progress = null, CancellationToken cancellationToken = default)
    {
        if (plain) return await PlayAsync(new ScenarioRun(scenario, options, new MonitorFleetSink()), progress, cancellationToken);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // stdout carries the run's JSON summary alone (a script pipes it to jq): every log line goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ModelGrainOptions>(builder.Configuration.GetSection("Fleet:Models"));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: "fleet-headless", clusterId: "fleet-headless")
            .AddFleetMemoryStorage());
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var summary = await PlayAsync(new ScenarioRun(scenario, options, new GrainFleetSink(grains)), progress, cancellationToken);
            // Deactivate the models while the silo still runs: stopping it first took the memory-storage grains
            // down before the models' last checkpoints, which then failed loudly, one error per model.
            // Twice: the models' last summaries reactivate the registry, which then needs its own last write.
            var management = grains.GetGrain<IManagementGrain>(0);
            await management.ForceActivationCollection(TimeSpan.Zero);
            await management.ForceActivationCollection(TimeSpan.Zero);
            return summary;
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
