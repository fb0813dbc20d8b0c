using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Registry;
using Microsoft.Extensions.Options;

namespace Fleet.Dashboard.Metrics;

/// <summary>What one scrape reports of the fleet: the registry's view and the alert book's counts.</summary>
public sealed record FleetState(
    FleetView Fleet,
    IReadOnlyList<ModelSummary> Exported,
    IReadOnlyDictionary<AlertSeverity, int> FiringAlerts,
    IReadOnlyDictionary<AlertSeverity, int> OpenIncidents)
{
    public static readonly FleetState Empty = new(
        new FleetView([], new Dictionary<int, int>(), new Dictionary<string, int>(), 0, 0), [],
        new Dictionary<AlertSeverity, int>(), new Dictionary<AlertSeverity, int>());
}

/// <summary>
/// Reads the fleet's state for a scrape with three grain calls whatever the fleet's size: the registry's lines (which
/// carry each model's figures) and the alert book's firing alerts and open incidents. Never one call per model.
/// </summary>
public sealed class FleetStateReader(IGrainFactory grains, IOptions<MetricsOptions> options)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private DateTime _lastReadBegan = DateTime.MinValue;

    /// <summary>The state of the last read; the gauges report it.</summary>
    public FleetState Current { get; private set; } = FleetState.Empty;

    /// <summary>Reads the state afresh; scrapes arriving together wait for one read rather than each making their own.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var asked = DateTime.UtcNow;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            // A read that began after this scrape asked has seen everything the scrape could want.
            if (_lastReadBegan >= asked) return;
            var began = DateTime.UtcNow;
            var fleet = await grains.GetGrain<IFleetRegistryGrain>(0).Query(new FleetQuery());
            var book = grains.GetGrain<IFleetAlertsGrain>(0);
            var firing = await book.Alerts(new AlertFilter(State: AlertState.Firing));
            var incidents = await book.Incidents(open: true);
            Current = new FleetState(fleet, fleet.Models.Take(Math.Max(0, options.Value.MaxModels)).ToList(),
                BySeverity(firing.Select(a => a.Severity)), BySeverity(incidents.Select(i => i.Severity)));
            _lastReadBegan = began;
        }
        finally
        {
            _reading.Release();
        }
    }

    private static Dictionary<AlertSeverity, int> BySeverity(IEnumerable<AlertSeverity> severities)
    {
        var counts = Enum.GetValues<AlertSeverity>().ToDictionary(s => s, _ => 0);
        foreach (var severity in severities) counts[severity]++;
        return counts;
    }
}
