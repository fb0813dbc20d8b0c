namespace Fleet.Durability;

/// <summary>
/// Asked by <see cref="IBatchLog.TruncateAsync"/> before batches are dropped: recovery needs only what the last
/// checkpoint does not hold, but a recording of a model's traffic (for replay elsewhere) needs its batches from
/// where it started, so one log serves both. The default keeps nothing beyond recovery's needs.
/// </summary>
public interface IBatchRetention
{
    /// <summary>The first position of <paramref name="model"/> something still needs, or null when nothing does.</summary>
    long? FirstNeeded(string model);
}

/// <summary>No recording: a checkpoint truncates everything it covers.</summary>
public sealed class NoBatchRetention : IBatchRetention
{
    public long? FirstNeeded(string model) => null;
}
