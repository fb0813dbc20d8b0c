using System.Data;
using System.Diagnostics;

namespace Fleet.Silo.Storage;

/// <summary>
/// One statement waiting for the database's next group commit (<see cref="GroupCommitWriter"/>); <see cref="Done"/>
/// completes once its transaction committed, or fails with what failed it.
/// </summary>
internal sealed class QueuedWrite(string subject, string sql, int bytes, WriteParameter[] parameters, Func<Exception>? whenNoRow = null, bool background = false)
{
    /// <summary>What the write is about (a model, a grain state), for the log when it fails.</summary>
    public string Subject { get; } = subject;

    public string Sql { get; } = sql;

    /// <summary>Bytes it adds to a group (a group is capped so one commit stays short).</summary>
    public int Bytes { get; } = bytes;

    /// <summary>Values for <see cref="Sql"/>'s parameters; a statement's parameters always come in the same order.</summary>
    public WriteParameter[] Parameters { get; } = parameters;

    /// <summary>
    /// For a write that must change a row (a conditional insert or update): the failure its caller gets when the
    /// statement changed none. The group's other writes still commit.
    /// </summary>
    public Func<Exception>? WhenNoRow { get; } = whenNoRow;

    /// <summary>Whether no answer waits for it (<see cref="Fleet.Durability.BackgroundWrite"/>): it lets the others go first.</summary>
    public bool Background { get; } = background;

    /// <summary>When the write was queued (<see cref="Stopwatch"/> ticks): its wait for a group is measured from here.</summary>
    public long QueuedTimestamp { get; } = Stopwatch.GetTimestamp();

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A statement parameter's name, type and value.</summary>
internal readonly record struct WriteParameter(string Name, DbType Type, object Value);
