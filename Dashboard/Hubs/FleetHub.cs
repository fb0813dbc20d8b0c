using Fleet.Dashboard.Api;
using Fleet.Registry;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Dashboard.Hubs;

/// <summary>
/// The live channel to browsers. A client asks for the fleet once on connect, then receives
/// "fleet" messages from <see cref="FleetBroadcaster"/> whenever the fleet changed, at most a few a second.
/// </summary>
public sealed class FleetHub(IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/fleet";
    public const string FleetMessage = "fleet";

    public async Task<FleetResponse> GetFleet() =>
        FleetResponse.From(await grains.GetGrain<IFleetRegistryGrain>(0).Query(new FleetQuery()));
}
