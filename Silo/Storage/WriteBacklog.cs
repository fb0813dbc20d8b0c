namespace Fleet.Silo.Storage;

/// <summary>
/// The writes waiting for <see cref="GroupCommitWriter"/>'s next commit, and which of them the next group takes: every
/// write an answer waits for first (a batch's append, a level, the registry, the alert book), in arrival order, then,
/// once all of those are in, background writes (models' interval checkpoints, megabytes once thousands of predictions
/// wait for outcomes) in arrival order while the group has room. Behind a queue of checkpoints an append waited
/// seconds. A group that took no background write while one waited makes the next group start with the oldest one, so
/// a steady flow of awaited writes cannot starve them.
/// </summary>
/// <remarks>
/// Reordering is safe because no caller has two writes queued at once: a grain awaits each write of a state before the
/// next, and a model awaits its append before the next batch and its checkpoint before the truncation that follows it.
/// </remarks>
internal sealed class WriteBacklog
{
    private readonly Queue<QueuedWrite> _awaited = new();
    private readonly Queue<QueuedWrite> _background = new();
    private bool _backgroundPassedOver;

    public int Count => _awaited.Count + _background.Count;

    public void Add(QueuedWrite write) => (write.Background ? _background : _awaited).Enqueue(write);

    /// <summary>
    /// Fills <paramref name="group"/> (cleared first) with up to <paramref name="maxWrites"/> writes of about
    /// <paramref name="maxBytes"/> at most; a single write larger than that still makes a group of its own.
    /// </summary>
    public void TakeGroup(List<QueuedWrite> group, int maxWrites, long maxBytes)
    {
        group.Clear();
        var bytes = 0L;
        // The background write the last group passed over leads this one, whatever its size.
        var tookBackground = _backgroundPassedOver && Fill(group, _background, 1, maxBytes, ref bytes) > 0;
        Fill(group, _awaited, maxWrites, maxBytes, ref bytes);
        // Background writes only beside every awaited one: otherwise they would lengthen the commit the rest wait for.
        if (_awaited.Count == 0) tookBackground |= Fill(group, _background, maxWrites, maxBytes, ref bytes) > 0;
        _backgroundPassedOver = !tookBackground && _background.Count > 0;
    }

    /// <summary>Moves writes from the head of <paramref name="queue"/> into the group while it has room; returns how many.</summary>
    private static int Fill(List<QueuedWrite> group, Queue<QueuedWrite> queue, int maxWrites, long maxBytes, ref long bytes)
    {
        var taken = 0;
        while (group.Count < maxWrites && queue.TryPeek(out var next) && (group.Count == 0 || bytes + next.Bytes <= maxBytes))
        {
            group.Add(queue.Dequeue());
            bytes += next.Bytes;
            taken++;
        }
        return taken;
    }
}
