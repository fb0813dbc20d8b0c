using Fleet.Dashboard.Api;
using Fleet.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// The live channel to browsers. A client asks for the fleet once (and after every reconnect), then
/// receives "fleetDiff" messages with only the models that changed, at most a few a second; a model
/// view calls WatchModel and receives "model" snapshots of that model while it watches. The alert book
/// works like the fleet: GetAlertBook once (and after every reconnect), then "alerts" whenever it changed.
/// </summary>
public sealed class FleetHub(IGrainFactory grains, ModelWatchers watchers) : Hub
{
    public const string Path = "/hubs/fleet";
    public const string FleetDiffMessage = "fleetDiff";
    public const string ModelMessage = "model";
    public const string AlertsMessage = "alerts";

    public async Task<FleetResponse> GetFleet() =>
        FleetResponse.From(await grains.GetGrain<IFleetRegistryGrain>(0).Query(new FleetQuery()));

    public Task<AlertBookMessage> GetAlertBook() => AlertBookReader.ReadAsync(grains);

    public async Task WatchModel(string id)
    {
        watchers.Watch(Context.ConnectionId, id);
        await Groups.AddToGroupAsync(Context.ConnectionId, ModelWatchers.Group(id));
        // The first picture at once; later ones come when the model changes.
        if (await grains.GetGrain<IModelGrain>(id).GetSnapshot() is { } snapshot)
            await Clients.Caller.SendAsync(ModelMessage, ModelResponse.From(snapshot));
    }

    public async Task UnwatchModel(string id)
    {
        watchers.Unwatch(Context.ConnectionId, id);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ModelWatchers.Group(id));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
