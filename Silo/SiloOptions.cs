namespace Fleet.Silo;

/// <summary>The silo's own settings (section "Fleet:Silo").</summary>
public sealed class FleetSiloOptions
{
    /// <summary>Orleans silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster and service id; silos sharing a database and these ids form one cluster.</summary>
    public string ClusterId { get; set; } = "fleet";

    public string ServiceId { get; set; } = "fleet";
}
