namespace Fleet.Silo;

/// <summary>What one Fleet process is (setting "Fleet:Role").</summary>
public enum FleetHostRole
{
    /// <summary>An Orleans silo hosting grains, with the dashboard (API, hub, page) in the same process.</summary>
    Silo,

    /// <summary>The dashboard only: an Orleans client that joins a PostgreSQL cluster and hosts no grains.</summary>
    Dashboard,
}

/// <summary>The silo's own settings (section "Fleet:Silo").</summary>
public sealed class FleetSiloOptions
{
    /// <summary>Orleans silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo at (PostgreSQL clusters). Unset: the first address the
    /// host name resolves to, which is right for silos on one machine; silos on several machines name their own.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Cluster and service id; silos sharing a database and these ids form one cluster.</summary>
    public string ClusterId { get; set; } = "fleet";

    public string ServiceId { get; set; } = "fleet";
}
