namespace Fleet.Silo.Recordings;

/// <summary>Recordings and imports (section "Fleet:Recordings").</summary>
public sealed class RecordingOptions
{
    /// <summary>Stored bytes (the batch log's compressed form) one recording or import may keep. Default 64 MiB.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Stored bytes all recordings and imports together may keep; a new one is refused beyond it. Default 1 GiB.</summary>
    public long MaxTotalBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How often running recordings are checked against their cap and their end (<c>--until</c>). Default 5 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
