using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// Coalesces changes into at most one push per interval. For the fleet it asks the registry for its
/// version (one cheap call) and, only when it moved, sends browsers the lines that changed. For every
/// watched model it sends the snapshot when it differs from the last one sent. The alert book goes the
/// same way as the fleet: its version is asked every tick and, only when it moved, the book is read and
/// sent whole as "alerts" (unless its content is what was sent last). However many events arrive, a
/// browser sees a few messages a second, never one per event.
/// </summary>
public sealed class FleetBroadcaster(
    IGrainFactory grains, IHubContext<FleetHub> hub, ModelWatchers watchers, IOptions<DashboardOptions> options,
    ILogger<FleetBroadcaster> logger) : BackgroundService
{
    private readonly FleetDiffer _differ = new();
    private readonly Dictionary<string, string> _modelsSent = new(StringComparer.Ordinal);
    private long _alertsVersionSent = -1;
    private string? _alertsSent;

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
                if (version != sent)
                {
                    var view = await registry.Query(new FleetQuery());
                    var diff = _differ.Next(FleetResponse.From(view));
                    if (diff.Changed.Count > 0 || diff.Removed.Count > 0)
                        await hub.Clients.All.SendAsync(FleetHub.FleetDiffMessage, diff, stoppingToken);
                    sent = view.Version;
                }
                await PushAlertBookAsync(stoppingToken);
                await PushWatchedModelsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The cluster may still be starting or briefly unreachable: try again next tick.
                logger.LogDebug(e, "Push skipped");
            }
        }
    }

    private async Task PushAlertBookAsync(CancellationToken cancellationToken)
    {
        var version = await grains.GetGrain<IFleetAlertsGrain>(0).GetVersion();
        if (version.Version == _alertsVersionSent) return;
        var book = await AlertBookReader.ReadAsync(grains);
        // The version moves with changes a browser cannot see (an alert going inactive again); send only what differs.
        var json = JsonSerializer.Serialize(book with { Version = 0, Now = default }, FleetJson.Options);
        if (json != _alertsSent) await hub.Clients.All.SendAsync(FleetHub.AlertsMessage, book, cancellationToken);
        // Remembered only once sent: a failed send is retried on the next tick.
        _alertsSent = json;
        _alertsVersionSent = book.Version;
    }

    private async Task PushWatchedModelsAsync(CancellationToken cancellationToken)
    {
        var watched = watchers.Watched();
        foreach (var stale in _modelsSent.Keys.Except(watched).ToList()) _modelsSent.Remove(stale);
        foreach (var id in watched)
        {
            if (await grains.GetGrain<IModelGrain>(id).GetSnapshot() is not { } snapshot) continue;
            var body = ModelResponse.From(snapshot);
            var json = JsonSerializer.Serialize(body, FleetJson.Options);
            if (_modelsSent.TryGetValue(id, out var before) && before == json) continue;
            _modelsSent[id] = json;
            await hub.Clients.Group(ModelWatchers.Group(id)).SendAsync(FleetHub.ModelMessage, body, cancellationToken);
        }
    }
}
