using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Dashboard.Worlds;
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
/// browser sees a few messages a second, never one per event. Each world is polled only while a browser shows
/// it, and its pushes go only to the browsers showing it (<see cref="WorldViewers"/>).
/// </summary>
public sealed class FleetBroadcaster(
    IGrainFactory grains, IHubContext<FleetHub> hub, ModelWatchers watchers, WorldViewers viewers, IOptions<DashboardOptions> options,
    ILogger<FleetBroadcaster> logger) : BackgroundService
{
    private readonly Dictionary<string, WorldSent> _worlds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _modelsSent = new(StringComparer.Ordinal);

    /// <summary>What the browsers showing one world were last sent.</summary>
    private sealed class WorldSent
    {
        public FleetDiffer Differ { get; } = new();
        public long FleetVersion { get; set; } = -1;
        public long AlertsVersion { get; set; } = -1;
        public string? Alerts { get; set; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PushInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var watched = viewers.Watched();
            foreach (var unwatched in _worlds.Keys.Except(watched).ToList()) _worlds.Remove(unwatched);
            foreach (var world in watched)
            {
                try
                {
                    if (!_worlds.TryGetValue(world, out var sent)) _worlds[world] = sent = new WorldSent();
                    await PushFleetAsync(world, sent, stoppingToken);
                    await PushAlertBookAsync(world, sent, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cluster may still be starting or briefly unreachable: try again next tick.
                    logger.LogDebug(e, "Push of world {World} skipped", world);
                }
            }
            try
            {
                await PushWatchedModelsAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Push skipped");
            }
        }
    }

    private async Task PushFleetAsync(string world, WorldSent sent, CancellationToken cancellationToken)
    {
        var registry = grains.Registry(world);
        if (await registry.GetVersion() == sent.FleetVersion) return;
        var view = await registry.Query(new FleetQuery());
        var diff = sent.Differ.Next(FleetResponse.From(view));
        if (diff.Changed.Count > 0 || diff.Removed.Count > 0)
            await hub.Clients.Group(WorldViewers.Group(world)).SendAsync(FleetHub.FleetDiffMessage, diff, cancellationToken);
        sent.FleetVersion = view.Version;
    }

    private async Task PushAlertBookAsync(string world, WorldSent sent, CancellationToken cancellationToken)
    {
        var version = await grains.AlertBook(world).GetVersion();
        if (version.Version == sent.AlertsVersion) return;
        var book = await AlertBookReader.ReadAsync(grains, world);
        // The version moves with changes a browser cannot see (an alert going inactive again); send only what differs.
        var json = JsonSerializer.Serialize(book with { Version = 0, Now = default }, FleetJson.Options);
        if (json != sent.Alerts) await hub.Clients.Group(WorldViewers.Group(world)).SendAsync(FleetHub.AlertsMessage, book, cancellationToken);
        // Remembered only once sent: a failed send is retried on the next tick.
        sent.Alerts = json;
        sent.AlertsVersion = book.Version;
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
