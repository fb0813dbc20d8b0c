namespace Fleet.Dashboard.Reviews;

/// <summary>
/// Fleet:Reviews: when the scheduled reviews are due on the fleet clock (UTC) and which world they review. Weekly: one
/// weekly model review per team, "monday 08:00" by default; Monthly: the fleet's monthly KPI review, "1 08:00" by
/// default; an empty value turns that review off. Every: how often (wall time) the schedule looks at the fleet clock.
/// </summary>
public sealed class ReviewScheduleOptions
{
    public string? Weekly { get; set; } = "monday 08:00";
    public string? Monthly { get; set; } = "1 08:00";
    public string World { get; set; } = global::Fleet.World.Live;
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(1);
}
