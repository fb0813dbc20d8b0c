using Fleet.Runs;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Runs;

/// <summary>
/// Starts the demo scenario once the silo is up, so the dashboard shows a living fleet at once. It starts at the
/// current minute (recorded in the run, so it reproduces): at 1x its event times then follow the wall clock.
/// </summary>
public sealed class DemoRunner(IRunControl runs, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Enabled) return;
        try
        {
            var now = clock.GetUtcNow();
            var start = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var (status, error) = await runs.StartAsync(demo.Scenario, seed: null, start, demo.Speed, until: null, stoppingToken);
            if (status is null)
            {
                logger.LogError("The demo scenario {Scenario} is invalid: {Error}", demo.Scenario, error);
                return;
            }
            logger.LogInformation("Demo scenario {Scenario} started as run {Run} ({Models} models, speed {Speed}x)",
                demo.Scenario, status.Id, status.Models, demo.Speed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The demo scenario {Scenario} could not start", demo.Scenario);
        }
    }
}
