namespace Fleet.Silo.Exercises;

/// <summary>
/// At start-up, once the run adopter has resumed the interrupted runs of this silo, re-attaches the exercises that were playing to
/// their teams' runs (registered after it: hosted services start in order); at shutdown, stops watching for decision points.
/// </summary>
public sealed class ExerciseResumer(ExerciseCoordinator exercises) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => exercises.ReattachAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        exercises.StopWatching();
        return Task.CompletedTask;
    }
}
