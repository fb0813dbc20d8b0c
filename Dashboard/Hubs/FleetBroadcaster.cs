using Fleet.Dashboard.Api;
using Fleet.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// Coalesces fleet changes into at most one push per interval: it asks the registry for its version
/// (one cheap call) and sends the fleet to every browser only when the version moved. However many
/// events arrive, browsers see a few messages a second, never one per event.
/// </summary>
public sealed class FleetBroadcaster(
    IGrainFactory grains, IHubContext<FleetHub> hub, IOptions<DashboardOptions> options, ILogger<FleetBroadcaster> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IFleetRegistryGrain>(0);
        long sent = -1;
        using var timer = new PeriodicTimer(options.Value.PushInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var version = await registry.GetVersion();
                if (version == sent) continue;
                var view = await registry.Query(new FleetQuery());
                await hub.Clients.All.SendAsync(FleetHub.FleetMessage, FleetResponse.From(view), stoppingToken);
                sent = view.Version;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster may still be starting or briefly unreachable: try again next tick.
                logger.LogDebug(e, "Fleet push skipped");
            }
        }
    }
}
