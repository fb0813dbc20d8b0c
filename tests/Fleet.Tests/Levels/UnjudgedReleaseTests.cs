using Fleet.Catalogue;
using Fleet.Models;
using Fleet.Monitoring.Levels;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Levels;

/// <summary>
/// README "Degradation policy": a threshold holding a model at its level that cannot be judged any more (a quiet
/// night: too few rows for the drift test) is listed with why, and stops holding the model once it has gone unjudged
/// for its release period: the recovery hold, or the longest window it can be judged over if longer (an hour for input
/// drift). The model then recovers by the ordinary rule: every judged threshold clear by the margin for the hold.
/// </summary>
public sealed class UnjudgedReleaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 22, 0, 0, TimeSpan.Zero);
    private static readonly Health Healthy = new();
    // Input drift: half the features or more over the last hour, judged on at least 500 rows (the default).
    private static readonly ModelDefinition Model = TestModels.Define(thresholds: TestModels.Standard.With(
        ThresholdCatalogue.InputDrift, new Limit(0.5, WindowSpan.OneHour, 500)));

    private static InputSignals Drift(double? share, long rows) => new(share, rows, null, 0);

    private static DegradationPolicy.Decision At(LevelState state, double minutes, InputSignals inputs) =>
        DegradationPolicy.Evaluate(Model, Healthy.Readings(Model, inputs), state, T0.AddMinutes(minutes));

    [Fact]
    public void A_drift_breach_that_night_traffic_cannot_judge_is_released_after_its_hour_and_the_model_recovers_after_the_hold()
    {
        var state = new LevelState();
        Assert.Equal(DegradationLevel.ReducedAi, At(state, 0, Drift(0.75, 3_000)).Transition!.To);

        // From 22:01 the hour holds 120 rows: the drift share cannot be judged. It holds the model for an hour (to 23:01),
        // then the recovery hold of 10 minutes runs with nothing else breached: back to full AI at 23:11.
        var transitions = new List<(double Minute, Fleet.Snapshots.LevelTransition Transition)>();
        for (var m = 1; m <= 180; m++)
        {
            if (At(state, m, Drift(null, 120)).Transition is { } t) transitions.Add((m, t));
        }

        var (minute, back) = Assert.Single(transitions);
        Assert.Equal((71.0, DegradationLevel.ReducedAi, DegradationLevel.FullAi), (minute, back.From, back.To));
        Assert.EndsWith("for 10m; input-drift released: not judged for 70m (too little traffic over 1h)", back.Reason);
    }

    [Fact]
    public void The_snapshot_line_of_an_unjudged_held_breach_says_why_and_when_it_will_be_released()
    {
        var state = new LevelState();
        At(state, 0, Drift(0.75, 3_000));
        At(state, 1, Drift(null, 120));
        At(state, 20, Drift(null, 120));

        var line = Assert.Single(HeldStatus.Lines(Model, Healthy.Readings(Model, Drift(null, 120)), state, T0.AddMinutes(20)));

        Assert.Equal(("input-drift", DegradationLevel.ReducedAi, T0.AddMinutes(61)), (line.Threshold, line.Severity, line.Until));
        Assert.Equal("not judged: too little traffic (120 of 500 samples over 1h) since 2026-01-05 22:01 UTC; " +
            "released at 2026-01-05 23:01 UTC unless it can be judged again", line.Status);
    }

    [Fact]
    public void A_breach_judged_again_before_its_release_keeps_holding_and_starts_its_release_period_afresh()
    {
        var state = new LevelState();
        At(state, 0, Drift(0.75, 3_000));
        for (var m = 1; m <= 50; m++) Assert.Null(At(state, m, Drift(null, 120)).Transition);
        Assert.Null(At(state, 51, Drift(0.75, 600)).Transition); // judged again, still drifted
        for (var m = 52; m <= 112; m++) Assert.Null(At(state, m, Drift(null, 120)).Transition); // unjudged since 52: not an hour yet at 111

        Assert.Equal(DegradationLevel.ReducedAi, state.Level);
        Assert.Equal(T0.AddMinutes(52), Assert.Single(state.HeldBy).UnjudgedSince);
    }
}
