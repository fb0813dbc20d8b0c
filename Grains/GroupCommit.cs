namespace Fleet;

/// <summary>
/// Group commits for a reentrant grain that writes its whole state: every caller that asks while a write runs
/// is covered by the next single write, so a burst of changes costs a few writes, not one each. Only one write
/// runs at a time (the storage ETag allows no other).
/// </summary>
/// <remarks>
/// Callers change the state synchronously before they ask, so the write that starts after the ask carries the
/// change. Everything runs on the grain's scheduler: the flags need no lock. The write must store a copy of what
/// callers go on changing: Orleans serialises the state after WriteStateAsync returns, at times on a pool thread.
/// </remarks>
internal sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? _next;
    private bool _writing;

    /// <summary>Completes once a write that started after this call has finished; faults if that write failed.</summary>
    public Task CommitAsync()
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mine = _next.Task;
        if (!_writing) _ = WriteLoopAsync();
        return mine;
    }

    private async Task WriteLoopAsync()
    {
        _writing = true;
        while (_next is { } batch)
        {
            _next = null;
            try
            {
                await write();
                batch.SetResult();
            }
            catch (Exception e)
            {
                batch.SetException(e);
            }
        }
        _writing = false;
    }
}
