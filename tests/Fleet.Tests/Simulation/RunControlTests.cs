using System.Diagnostics;
using Fleet.Simulation.Runs;

namespace Fleet.Tests.Simulation;

/// <summary>Steering a run: a stop ends it at any speed, a resume plays on at the speed it had.</summary>
public sealed class RunControlTests
{
    /// <summary>A year of one-minute ticks: minutes of work at full speed, so only a stop can end it in a test.</summary>
    internal const string Endless = """
        name: endless
        duration: 365d
        tick: 1m
        fleet:
          - domain: credit
            count: 1
        traffic: { rate: 0.1, shape: flat }
        """;

    [Fact]
    public async Task A_run_at_full_speed_stops_when_cancelled()
    {
        var run = new ScenarioRun(Sim.Parse(Endless), new RunOptions(), new MonitorFleetSink());
        using var stop = new CancellationTokenSource();
        var playing = Task.Run(() => run.RunAsync(stop.Token));
        Assert.True(SpinWait.SpinUntil(() => run.Ticks >= 50, TimeSpan.FromSeconds(30)), "the run never got going");

        var watch = Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => playing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {watch.Elapsed}");
        Assert.False(run.Finished);
    }

    [Theory]
    [InlineData(50.0, 50.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(0.0, 1.0)] // started paused: a resume plays at 1x
    public void A_resumed_clock_plays_at_the_speed_it_had_before_the_pause(double speed, double resumed)
    {
        var clock = new VirtualClock(Sim.T0, speed);
        clock.Pause();
        Assert.True(clock.Paused);
        clock.Resume();
        Assert.Equal(resumed, clock.Speed);

        clock.SetSpeed(10);
        clock.Pause();
        clock.Resume();
        Assert.Equal(10, clock.Speed);
    }
}
