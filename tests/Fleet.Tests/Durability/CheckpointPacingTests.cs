using Fleet.Durability;
using Xunit;

namespace Fleet.Tests.Durability;

/// <summary>
/// README "Durability": with the batch log on, a model's interval checkpoint waits until the batches logged since the
/// last one hold a quarter as many events as the predictions it keeps waiting, or ten intervals at most.
/// </summary>
public sealed class CheckpointPacingTests
{
    private static readonly int Default = new ModelGrainOptions().CheckpointLongestGap;

    [Fact]
    public void A_model_with_nothing_waiting_checkpoints_every_interval() =>
        Assert.Equal([1, 2, 3, 4, 5], IntervalsWritten(intervals: 5, loggedEach: 1, waiting: 0));

    [Fact]
    public void A_model_logging_a_quarter_of_what_waits_checkpoints_every_interval()
    {
        // 10 predictions a second and their outcomes 60 s later: 600 wait, 600 events logged in 30 s.
        var pacing = new CheckpointPacing(Default);
        pacing.Logged(600);
        Assert.True(pacing.Due(waiting: 600));
        pacing.Taken();
        pacing.Logged(150);
        Assert.True(pacing.Due(waiting: 600)); // exactly a quarter
    }

    [Fact]
    public void Predictions_never_labelled_put_the_checkpoint_off_until_the_log_holds_a_quarter_of_them()
    {
        // 100,000 waiting and 7,500 logged an interval: written at the fourth interval, when 30,000 are logged (>= 25,000).
        Assert.Equal([4, 8, 12], IntervalsWritten(intervals: 12, loggedEach: 7_500, waiting: 100_000));
    }

    [Fact]
    public void A_checkpoint_is_put_off_at_most_nine_intervals_by_default() =>
        Assert.Equal([10, 20], IntervalsWritten(intervals: 25, loggedEach: 1, waiting: 100_000));

    [Fact]
    public void A_longest_gap_of_one_writes_every_interval_whatever_waits() =>
        Assert.Equal([1, 2, 3, 4, 5], IntervalsWritten(intervals: 5, loggedEach: 1, waiting: 100_000, longestGap: 1));

    [Fact]
    public void A_longest_gap_of_three_writes_every_third_interval_at_most() =>
        Assert.Equal([3, 6, 9], IntervalsWritten(intervals: 10, loggedEach: 1, waiting: 100_000, longestGap: 3));

    [Fact]
    public void What_a_failed_checkpoint_covered_still_counts_towards_the_next()
    {
        var pacing = new CheckpointPacing(Default);
        pacing.Logged(20_000);
        Assert.False(pacing.Due(waiting: 100_000));
        pacing.Logged(5_000);
        Assert.True(pacing.Due(waiting: 100_000));
        var covered = pacing.Taken();
        pacing.Failed(covered);
        Assert.True(pacing.Due(waiting: 100_000)); // 25,000 logged and not yet in a checkpoint
    }

    /// <summary>The intervals whose checkpoint is written, each after <paramref name="loggedEach"/> events were logged.</summary>
    private static List<int> IntervalsWritten(int intervals, int loggedEach, int waiting, int? longestGap = null)
    {
        var pacing = new CheckpointPacing(longestGap ?? Default);
        var written = new List<int>();
        for (var interval = 1; interval <= intervals; interval++)
        {
            pacing.Logged(loggedEach);
            if (!pacing.Due(waiting)) continue;
            written.Add(interval);
            pacing.Taken();
        }
        return written;
    }
}
