using Fleet.Events;

namespace Fleet.Durability;

/// <summary>
/// The log of accepted event batches, per model, that makes an acknowledgement durable: a model appends a batch
/// before it answers, replays what its last checkpoint does not cover when it is activated again, and truncates
/// what a checkpoint covers. Positions are the model's own: 1, 2, 3… in the order it accepted the batches.
/// </summary>
public interface IBatchLog
{
    /// <summary>Completes once the batch is durably stored (group-committed with other appends).</summary>
    Task AppendAsync(string model, long position, EventBatch batch);

    /// <summary>The model's logged batches after <paramref name="afterPosition"/>, in position order.</summary>
    Task<IReadOnlyList<LoggedBatch>> ReadAsync(string model, long afterPosition);

    /// <summary>
    /// Drops the model's batches up to <paramref name="throughPosition"/> (a checkpoint holds them), except those a
    /// recording keeps (its models' ranges of positions), so one log serves recovery and recordings.
    /// </summary>
    Task TruncateAsync(string model, long throughPosition);
}

/// <summary>A batch read back from the log with its position.</summary>
public sealed record LoggedBatch(long Position, EventBatch Batch);
