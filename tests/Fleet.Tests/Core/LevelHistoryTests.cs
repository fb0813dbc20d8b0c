using Fleet.Models;
using Fleet.Monitoring.Levels;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>README: every transition records its event time, from, to and reason; the last 500 are kept.</summary>
public sealed class LevelHistoryTests
{
    /// <summary>
    /// One cycle every 25 hours: breach at +0 (1 -> 3), clear from +1, recovered at +11 (3 -> 1). Cycles a day apart, so
    /// no breach is a relapse, whose hold would be doubled.
    /// </summary>
    private static PolicyDriver Cycles(int cycles)
    {
        var driver = new PolicyDriver();
        for (var i = 0; i < cycles; i++)
        {
            var t = Cycle(i);
            driver.At(t, new Health(LatencyP95: 250));
            driver.At(t.AddMinutes(1), new Health());
            driver.At(t.AddMinutes(11), new Health());
        }
        return driver;
    }

    private static DateTimeOffset Cycle(int i) => T0.AddHours(25 * i);

    [Fact]
    public void History_is_a_chain_of_transitions_each_with_its_event_time_and_reason()
    {
        var history = Cycles(3).State.History;

        Assert.Equal(6, history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var expectedAt = Cycle(i / 2).AddMinutes(i % 2 == 0 ? 0 : 11);
            Assert.Equal(expectedAt, history[i].At);
            Assert.Equal(i % 2 == 0 ? DegradationLevel.RulesFallback : DegradationLevel.FullAi, history[i].To);
            Assert.Equal(i == 0 ? DegradationLevel.FullAi : history[i - 1].To, history[i].From);
            Assert.False(string.IsNullOrWhiteSpace(history[i].Reason));
            Assert.StartsWith(i % 2 == 0 ? "breached: " : "recovered: ", history[i].Reason);
        }
    }

    [Fact]
    public void History_keeps_the_last_500_transitions()
    {
        var driver = Cycles(260); // 520 transitions

        var history = driver.State.History;

        Assert.Equal(LevelState.MaxHistory, history.Count);
        Assert.Equal(500, history.Count);
        // Transitions 0..19 were dropped; number 20 is the breach of cycle 10.
        Assert.Equal((DegradationLevel.FullAi, DegradationLevel.RulesFallback, Cycle(10)), (history[0].From, history[0].To, history[0].At));
        Assert.Equal(Cycle(259).AddMinutes(11), history[^1].At);
    }

    [Fact]
    public void The_snapshot_shows_the_last_transition_and_the_recent_history()
    {
        var monitor = TestModels.Monitor();
        monitor.Apply(Ev.Batch(T0, Ev.Many(100, T0, latencyMs: 900)));

        var snapshot = monitor.Snapshot();

        Assert.Equal(DegradationLevel.RulesFallback, snapshot.Level);
        Assert.NotNull(snapshot.LastTransition);
        Assert.Equal((DegradationLevel.FullAi, DegradationLevel.RulesFallback, T0), (snapshot.LastTransition.From, snapshot.LastTransition.To, snapshot.LastTransition.At));
        Assert.Equal(snapshot.LastTransition, Assert.Single(snapshot.History));
    }
}
