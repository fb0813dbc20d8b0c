namespace Fleet.Silo.Runs;

/// <summary>
/// Resumes, once the silo is up, the runs a previous stop interrupted (before the demo starts, so a resumed demo is
/// not started twice); at shutdown, stops the runs while the silo still answers, leaving them resumable in the journal.
/// </summary>
public sealed class RunResumer(RunCoordinator runs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runs.ResumeInterruptedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runs.ShutDownAsync();
}
