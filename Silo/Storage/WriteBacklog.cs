namespace Fleet.Silo.Storage;

/// <summary>
/// The writes waiting for <see cref="GroupCommitWriter"/>'s next commit, and which of them the next group takes: every
/// small write first, in arrival order, then large ones in arrival order while the group has room. An answer waits for
/// small writes (a batch's append, a level, the alert book); a large one (a busy model's checkpoint, megabytes once
/// thousands of predictions wait for outcomes) is what nobody waits on, and behind a queue of them an append waited
/// seconds. A large write still goes in every group that has room, so a steady flow of small ones cannot starve it.
/// </summary>
/// <remarks>
/// Reordering is safe because no caller has two writes queued at once: a grain awaits each write of a state before the
/// next, and a model awaits its append before the next batch and its checkpoint before the truncation that follows it.
/// </remarks>
internal sealed class WriteBacklog(int largeWriteBytes)
{
    private readonly Queue<QueuedWrite> _small = new();
    private readonly Queue<QueuedWrite> _large = new();

    public int Count => _small.Count + _large.Count;

    public void Add(QueuedWrite write) => (write.Bytes >= largeWriteBytes ? _large : _small).Enqueue(write);

    /// <summary>
    /// Fills <paramref name="group"/> (cleared first) with up to <paramref name="maxWrites"/> writes of about
    /// <paramref name="maxBytes"/> at most; a single write larger than that still makes a group of its own.
    /// </summary>
    public void TakeGroup(List<QueuedWrite> group, int maxWrites, long maxBytes)
    {
        group.Clear();
        var bytes = 0L;
        foreach (var queue in new[] { _small, _large })
        {
            while (group.Count < maxWrites && queue.TryPeek(out var next) && (group.Count == 0 || bytes + next.Bytes <= maxBytes))
            {
                group.Add(queue.Dequeue());
                bytes += next.Bytes;
            }
        }
    }
}
