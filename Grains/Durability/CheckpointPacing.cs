namespace Fleet.Durability;

/// <summary>
/// When a model whose batches are in the batch log writes its interval checkpoint: once the batches logged since the
/// last one hold at least a quarter as many events as the predictions it keeps waiting for outcomes, or at the latest
/// at every <c>longestGap</c>th interval (<see cref="ModelGrainOptions.CheckpointLongestGap"/>). A waiting prediction is
/// stored in 25 bytes, about what an event takes in the log, so a checkpoint costs at most a few times the log it lets
/// go. Without the rule a model whose predictions are never labelled (up to 100,000 waiting) rewrote megabytes every
/// interval for a few logged batches; with it a recovery replays at most <c>longestGap</c> intervals of batches, or a
/// quarter of what waits.
/// </summary>
/// <remarks>Without the log the checkpoint is the only copy, and every interval writes it: the caller does not ask.</remarks>
internal struct CheckpointPacing(int longestGap)
{
    /// <summary>The checkpoint waits until the events logged since the last one reach 1/LogShare of those waiting.</summary>
    public const int LogShare = 4;

    private long _logged;
    private int _putOff;

    /// <summary>A batch of <paramref name="events"/> predictions and outcomes reached the log.</summary>
    public void Logged(int events) => _logged += events;

    /// <summary>Whether the interval's checkpoint is written now, with <paramref name="waiting"/> predictions awaiting outcomes; counts one put off if not.</summary>
    public bool Due(int waiting)
    {
        if (_logged * LogShare >= waiting || _putOff + 1 >= longestGap) return true;
        _putOff++;
        return false;
    }

    /// <summary>A checkpoint was taken: the count starts again. Returns what it covered, for <see cref="Failed"/>.</summary>
    public long Taken()
    {
        var logged = _logged;
        (_logged, _putOff) = (0, 0);
        return logged;
    }

    /// <summary>The checkpoint taken was not written: what it covered is still only in the log.</summary>
    public void Failed(long logged) => _logged += logged;
}
