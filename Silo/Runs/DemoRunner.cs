using System.Diagnostics;
using Fleet.Runs;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Runs;

/// <summary>
/// Starts the demo scenario once the silo is up, so the dashboard shows a living fleet at once, with history: the run
/// starts <see cref="DemoOptions.History"/> before the current minute, jumps (full speed) to that minute, then plays at
/// its speed, so at 1x its event times follow the wall clock and the first look has filled charts and open incidents.
/// The start is recorded in the run, so it reproduces. One demo plays per cluster: the run journal takes a demo's header
/// only while no other demo is unfinished, so a silo finding one (started by another silo, or resumed after a restart
/// or a silo's death by <see cref="RunAdopter"/>) starts none.
/// </summary>
public sealed class DemoRunner(IRunControl runs, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoRunner> logger) : BackgroundService
{
    /// <summary>The source the journal records for the demo's run.</summary>
    public const string Source = "demo";

    /// <summary>Why a demo is not started: the answer naming <c>source</c> when another is unfinished.</summary>
    public const string PlaysElsewhere = "a demo already plays in this cluster (one demo per cluster)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        if (!demo.Enabled) return;
        try
        {
            var now = clock.GetUtcNow();
            var minute = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            var watch = Stopwatch.StartNew();
            var (status, error) = await runs.StartAsync(demo.Scenario, seed: null, minute - demo.History, demo.Speed, until: null, stoppingToken, source: Source);
            if (error is { Field: "source" })
            {
                logger.LogInformation("Not starting the demo: {Reason}", error.Reason);
                return;
            }
            if (status is null)
            {
                logger.LogError("The demo scenario {Scenario} is invalid: {Error}", demo.Scenario, error);
                return;
            }
            if (demo.History > TimeSpan.Zero && minute < status.End) await CatchUpAsync(status.Id, minute, stoppingToken);
            logger.LogInformation("Demo scenario {Scenario} started as run {Run} ({Models} models, {History} of history played in {Seconds:0.0} s, then speed {Speed}x)",
                demo.Scenario, status.Id, status.Models, demo.History, watch.Elapsed.TotalSeconds, demo.Speed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The demo scenario {Scenario} could not start", demo.Scenario);
        }
    }

    /// <summary>Jumps the demo to <paramref name="to"/> and waits until it is there (the start-up the README states).</summary>
    private async Task CatchUpAsync(string id, DateTimeOffset to, CancellationToken stoppingToken)
    {
        var (_, refused) = await runs.JumpAsync(id, to, stoppingToken);
        if (refused is not null)
        {
            logger.LogWarning("The demo could not jump to {To:u}: {Reason}", to, refused.Reason);
            return;
        }
        while (await runs.GetAsync(id, stoppingToken) is { JumpingTo: not null, State: RunStates.Running or RunStates.Paused or RunStates.Starting })
            await Task.Delay(100, stoppingToken);
    }
}
