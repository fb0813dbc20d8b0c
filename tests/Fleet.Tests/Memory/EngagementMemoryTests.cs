using Fleet.Events;
using Fleet.Monitoring.Owner;
using Fleet.Snapshots;
using Fleet.Tests.Drift;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Memory;

/// <summary>
/// The owner's engagement windows keep the holdout's buckets only for a model that has holdout traffic, and an arm's
/// response buckets only once a response came: most models have no holdout and many no user responses, and their
/// 84 empty buckets of 64 bytes an arm were ~5.4 KB of each such model.
/// </summary>
public sealed class EngagementMemoryTests
{
    private static readonly UserResponse Click = new(Clicked: true, Converted: false, Feedback: null, OptedOut: false, Value: 2.5);

    [Fact]
    public void A_model_without_holdout_traffic_allocates_only_its_own_buckets()
    {
        // Worked by hand (x64): the object 48 B; epochs 84 × 8 + 24 = 696 B; the model's arm: its object 32 B, requests
        // 84 × 8 + 24 = 696 B, responses 84 × 64 + 24 = 5,400 B: 6,872 B (was ~6.9 KB as 84 buckets of 72 B). With the
        // holdout's as well: ~12.9 KB.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var windows = new EngagementWindows();
        for (var i = 0; i < 1_000; i++)
        {
            var at = T0.AddMinutes(i).UtcTicks;
            windows.RecordRequest(TrafficArm.Model, at);
            windows.RecordResponse(TrafficArm.Model, at, Click);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 6_700, 7_500);
        Assert.Equal(1_000, windows.Sum(OwnerWindow.SevenDays, TrafficArm.Model, T0.AddMinutes(999).UtcTicks).Requests);
        Assert.Equal(0, windows.Sum(OwnerWindow.SevenDays, TrafficArm.Holdout, T0.AddMinutes(999).UtcTicks).Requests);
    }

    [Fact]
    public void A_model_without_user_responses_allocates_only_its_request_counts()
    {
        // Worked by hand (x64): the object 48 B, epochs 696 B, the model's arm 32 B and its requests 696 B: 1,472 B
        // (the 84 buckets of 72 B this replaced made it ~6.9 KB).
        var before = GC.GetAllocatedBytesForCurrentThread();
        var windows = new EngagementWindows();
        for (var i = 0; i < 1_000; i++) windows.RecordRequest(TrafficArm.Model, T0.AddMinutes(i).UtcTicks);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 1_400, 1_550);
        var now = T0.AddMinutes(999).UtcTicks;
        Assert.Equal(new EngagementCounts { Requests = 1_000 }, windows.Sum(OwnerWindow.SevenDays, TrafficArm.Model, now));
        Assert.Equal(new EngagementCounts { Requests = 1_000 }, windows.Sum(OwnerWindow.OneDay, TrafficArm.Model, now)); // 16.7 h
        Assert.Equal(0, windows.Sum(OwnerWindow.OneDay, TrafficArm.Holdout, now).Requests);
    }

    [Fact]
    public void Response_buckets_made_at_the_first_response_count_as_if_they_had_always_been_there()
    {
        // Two days of requests, then responses to predictions of the first day (still in both rings) and of the second.
        var windows = new EngagementWindows();
        for (var h = 0; h < 48; h++) windows.RecordRequest(TrafficArm.Model, T0.AddHours(h).UtcTicks);
        windows.RecordResponse(TrafficArm.Model, T0.AddHours(30).UtcTicks, Click);
        windows.RecordResponse(TrafficArm.Model, T0.AddHours(47).UtcTicks, new UserResponse(Clicked: false, Converted: true, Feedback: UserFeedback.Up, OptedOut: true, Value: -1.25));

        var now = T0.AddHours(47).UtcTicks;
        var day = windows.Sum(OwnerWindow.OneDay, TrafficArm.Model, now);
        Assert.Equal((24L, 2L, 1L, 1L, 1L, 1L, 1.25), (day.Requests, day.Responses, day.Clicks, day.Conversions, day.FeedbackUp, day.OptOuts, day.Value));
        Assert.Equal((48L, 2L), (windows.Sum(OwnerWindow.SevenDays, TrafficArm.Model, now).Requests, windows.Sum(OwnerWindow.SevenDays, TrafficArm.Model, now).Responses));
        Assert.Equal(OrleansRoundTrip.Bytes(windows), OrleansRoundTrip.Bytes(OrleansRoundTrip.Copy(windows)));
    }

    [Fact]
    public void Holdout_buckets_made_at_the_first_holdout_request_count_as_if_they_had_always_been_there()
    {
        var windows = new EngagementWindows();
        for (var d = 0; d < 3; d++) windows.RecordRequest(TrafficArm.Model, T0.AddDays(d).UtcTicks);
        var day3 = T0.AddDays(3);
        windows.RecordRequest(TrafficArm.Holdout, day3.UtcTicks);
        windows.RecordRequest(TrafficArm.Holdout, day3.AddHours(1).UtcTicks);
        windows.RecordResponse(TrafficArm.Holdout, day3.UtcTicks, Click);
        windows.RecordRequest(TrafficArm.Model, day3.UtcTicks);

        var now = day3.AddHours(2).UtcTicks;
        var holdout = windows.Sum(OwnerWindow.ThirtyDays, TrafficArm.Holdout, now);
        Assert.Equal((2L, 1L, 1L, 2.5), (holdout.Requests, holdout.Responses, holdout.Clicks, holdout.Value));
        Assert.Equal(2, windows.Sum(OwnerWindow.OneDay, TrafficArm.Holdout, now).Requests);
        Assert.Equal(4, windows.Sum(OwnerWindow.ThirtyDays, TrafficArm.Model, now).Requests);

        // Sixty days on, day 3's slot holds day 63: started afresh for both arms by a model request alone.
        var day63 = T0.AddDays(63);
        windows.RecordRequest(TrafficArm.Model, day63.UtcTicks);
        var dayEpoch = day63.UtcTicks / TimeSpan.TicksPerDay;
        Assert.Equal(0, windows.SumDays(dayEpoch, dayEpoch, TrafficArm.Holdout).Requests);
        Assert.Equal(1, windows.SumDays(dayEpoch, dayEpoch, TrafficArm.Model).Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_checkpoint_of_the_windows_reads_the_same_with_or_without_holdout_buckets(bool holdout)
    {
        var windows = new EngagementWindows();
        for (var i = 0; i < 50; i++)
        {
            var at = T0.AddHours(i).UtcTicks;
            windows.RecordRequest(TrafficArm.Model, at);
            if (i % 5 == 0) windows.RecordResponse(TrafficArm.Model, at, Click);
            if (holdout && i % 7 == 0) windows.RecordRequest(TrafficArm.Holdout, at);
        }
        var copy = OrleansRoundTrip.Copy(windows);
        var now = T0.AddHours(49).UtcTicks;
        foreach (var window in new[] { OwnerWindow.OneDay, OwnerWindow.SevenDays, OwnerWindow.ThirtyDays })
        {
            foreach (var arm in new[] { TrafficArm.Model, TrafficArm.Holdout })
                Assert.Equal(windows.Sum(window, arm, now), copy.Sum(window, arm, now));
        }
        Assert.Equal(OrleansRoundTrip.Bytes(windows), OrleansRoundTrip.Bytes(copy));
        Assert.Equal(holdout ? 8 : 0, copy.Sum(OwnerWindow.SevenDays, TrafficArm.Holdout, now).Requests);
    }
}
