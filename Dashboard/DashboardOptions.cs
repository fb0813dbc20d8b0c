namespace Fleet.Dashboard;

/// <summary>Dashboard settings (section "Fleet:Dashboard").</summary>
public sealed class DashboardOptions
{
    /// <summary>Shortest time between two pushes of the fleet to browsers. Default 250 ms.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
