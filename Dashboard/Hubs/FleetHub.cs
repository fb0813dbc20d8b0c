using Fleet.Dashboard.Api;
using Fleet.Dashboard.Security;
using Fleet.Dashboard.Worlds;
using Fleet.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// The live channel to browsers. A connection shows one world: the live fleet until it calls Watch(world). A
/// client asks for the fleet once (and after every reconnect), then receives "fleetDiff" messages with only
/// the models of its world that changed, at most a few a second; a model view calls WatchModel and receives
/// "model" snapshots of that model while it watches. The alert book works like the fleet: GetAlertBook once
/// (and after every reconnect), then "alerts" whenever its world's book changed.
/// </summary>
public sealed class FleetHub(IGrainFactory grains, ModelWatchers watchers, WorldViewers viewers, WorldDirectory worlds) : Hub
{
    public const string Path = "/hubs/fleet";
    public const string FleetDiffMessage = "fleetDiff";
    public const string ModelMessage = "model";
    public const string AlertsMessage = "alerts";

    /// <summary>Every message the hub sends: what a trainee's walk of the hub listens to, so a new one is walked too.</summary>
    public static readonly IReadOnlyList<string> Messages = [FleetDiffMessage, ModelMessage, AlertsMessage];

    private string World => viewers.WorldOf(Context.ConnectionId);

    public override async Task OnConnectedAsync()
    {
        // A trainee's connection shows their team's world from the start, and no other.
        var world = Context.User?.TraineeWorld() ?? Fleet.World.Live;
        viewers.Show(Context.ConnectionId, world);
        await Groups.AddToGroupAsync(Context.ConnectionId, WorldViewers.Group(world));
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Shows <paramref name="world"/> on this connection from now on (pushes of the world shown before stop, and
    /// so do the watches of its models); the client then asks for the fleet and the alert book again.
    /// </summary>
    public async Task Watch(string world)
    {
        if (await worlds.RefusalAsync(world) is { } refusal) throw new HubException($"world: {refusal.Reason}");
        if (Context.User?.TraineeWorld() is { } seat && seat != world) throw new HubException("world: a trainee sees only their team's world");
        var before = viewers.Show(Context.ConnectionId, world);
        if (before == world) return;
        foreach (var model in watchers.Forget(Context.ConnectionId))
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ModelWatchers.Group(model));
        if (before is not null) await Groups.RemoveFromGroupAsync(Context.ConnectionId, WorldViewers.Group(before));
        await Groups.AddToGroupAsync(Context.ConnectionId, WorldViewers.Group(world));
    }

    public async Task<FleetResponse> GetFleet() =>
        FleetResponse.From(await grains.Registry(World).Query(new FleetQuery()));

    public Task<AlertBookMessage> GetAlertBook() => AlertBookReader.ReadAsync(grains, World);

    public async Task WatchModel(string id)
    {
        var key = Fleet.World.ModelKey(World, id);
        watchers.Watch(Context.ConnectionId, key);
        await Groups.AddToGroupAsync(Context.ConnectionId, ModelWatchers.Group(key));
        // The first picture at once; later ones come when the model changes.
        if (await grains.GetGrain<IModelGrain>(key).GetSnapshot() is { } snapshot)
            await Clients.Caller.SendAsync(ModelMessage, ModelResponse.From(snapshot));
    }

    public async Task UnwatchModel(string id)
    {
        var key = Fleet.World.ModelKey(World, id);
        watchers.Unwatch(Context.ConnectionId, key);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ModelWatchers.Group(key));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        viewers.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
