using Xunit;

namespace Fleet.Tests.Durability;

/// <summary>README "Configuration": "Fleet:Models" settings a grain cannot run with stop the host at its start, naming the setting.</summary>
public sealed class ModelGrainOptionsValidationTests
{
    [Theory]
    [InlineData("00:00:00", "00:00:02", 10, "Fleet:Models:CheckpointInterval")]
    [InlineData("-00:00:01", "00:00:02", 10, "Fleet:Models:CheckpointInterval")]
    [InlineData("00:00:30", "00:00:00", 10, "Fleet:Models:SummaryInterval")]
    [InlineData("00:00:30", "00:00:02", 0, "Fleet:Models:CheckpointLongestGap")]
    [InlineData("00:00:30", "00:00:02", -3, "Fleet:Models:CheckpointLongestGap")]
    public void A_setting_a_grain_cannot_run_with_is_refused_by_name(string checkpoint, string summary, int longestGap, string setting)
    {
        var options = new ModelGrainOptions { CheckpointInterval = TimeSpan.Parse(checkpoint), SummaryInterval = TimeSpan.Parse(summary), CheckpointLongestGap = longestGap };
        var result = new ModelGrainOptionsValidation().Validate(null, options);
        Assert.True(result.Failed);
        Assert.StartsWith(setting + " ", result.FailureMessage);
    }

    [Fact]
    public void The_defaults_and_a_longest_gap_of_one_run()
    {
        Assert.True(new ModelGrainOptionsValidation().Validate(null, new ModelGrainOptions()).Succeeded);
        Assert.True(new ModelGrainOptionsValidation().Validate(null, new ModelGrainOptions { CheckpointLongestGap = 1 }).Succeeded);
    }
}
