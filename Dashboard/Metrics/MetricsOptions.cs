namespace Fleet.Dashboard.Metrics;

/// <summary>Settings of the /metrics scrape (section "Fleet:Metrics").</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// The most models exported one by one (worst level first, then by id): each costs up to
    /// <see cref="FleetStateMetrics.SeriesPerModel"/> series. Fleet-wide counts always cover every model. Default 1,000.
    /// </summary>
    public int MaxModels { get; set; } = 1000;
}
