using Fleet.Simulation.Scenarios;

namespace Fleet.Tests.Recording;

/// <summary>A scenario's <c>fleet: - recording: id</c> entries: what plays a recording beside (or instead of) a simulated fleet.</summary>
public sealed class RecordingScenarioTests
{
    [Fact]
    public void A_fleet_of_recordings_needs_no_duration_and_lists_them()
    {
        var scenario = ScenarioLoader.Parse("name: replay\nfleet:\n  - recording: rec-1\n  - domain: fraud\n    count: 2\n");
        Assert.Equal(["rec-1"], scenario.Recordings);
        Assert.True(scenario.DurationFromRecordings);
        Assert.Equal(2, scenario.ModelCount);
        Assert.Equal("name: imp-x\nfleet:\n  - recording: imp-x\n", Fleet.Recordings.RecordingScenario.Text("imp-x"));
        Assert.Equal(["imp-x"], ScenarioLoader.Parse(Fleet.Recordings.RecordingScenario.Text("imp-x")).Recordings);
    }

    [Fact]
    public void A_scenario_whose_recordings_are_not_loaded_does_not_play_as_an_empty_run()
    {
        var scenario = ScenarioLoader.Parse("fleet:\n  - recording: rec-1\n");
        var refused = Assert.Throws<ScenarioException>(() => new Fleet.Simulation.Runs.ScenarioRun(scenario, new Fleet.Simulation.Runs.RunOptions(), null!));
        Assert.Equal("fleet", refused.Field);
        Assert.Contains("recording 'rec-1' is not loaded", refused.Reason);
    }

    [Theory]
    [InlineData("fleet:\n  - recording: rec-1\n    domain: fraud\n", "fleet[0].recording")]
    [InlineData("fleet:\n  - recording: rec-1\n  - recording: rec-1\n", "fleet[1].recording")]
    [InlineData("fleet:\n  - recording: 'a b'\n", "fleet[0].recording")]
    [InlineData("fleet:\n  - domain: fraud\n    count: 1\n", "duration")]
    public void A_wrong_recording_entry_is_named(string yaml, string field)
    {
        var refused = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml));
        Assert.Equal(field, refused.Field);
    }
}
