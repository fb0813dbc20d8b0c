namespace Fleet.Tests.Core;

/// <summary>
/// A gate the writes of a test's grain storage wait at while the test holds it, so the test can act while a write is
/// in flight (what the grain does meanwhile) and then let it go.
/// </summary>
internal sealed class WriteGate
{
    private TaskCompletionSource _gate = Opened();

    public bool IsOpen => _gate.Task.IsCompleted;

    /// <summary>Completes once the gate is open: what a write awaits.</summary>
    public Task Passage => _gate.Task;

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
