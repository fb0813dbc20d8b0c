namespace Fleet.Dashboard.Limits;

/// <summary>Settings of section "Fleet:Limits": request size and the rate limit per key (the README's Limits table).</summary>
public sealed class RequestLimits
{
    /// <summary>Largest request body on every route but event ingestion (which states its own). Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Requests a key may make per second, sustained. Default 1,000: a batch of up to 10,000 events counts as one, so a model server sending small batches keeps well inside it.</summary>
    public int RequestsPerSecond { get; set; } = 1000;

    /// <summary>Requests a key may make at once before the per-second rate applies. Default 2,000.</summary>
    public int Burst { get; set; } = 2000;
}
