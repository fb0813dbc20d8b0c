using Fleet.Models;
using Fleet.Monitoring.Windows;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// README "Windows are aligned to buckets": 5m is the current minute and the 4 before it, 1h the current
/// minute and the 59 before it, 24h the current hour and the 23 before, 30d the current day and the 29 before.
/// Volumes are counts, so every expectation below is exact.
/// </summary>
public sealed class WindowHorizonTests
{
    private static readonly PredictionSample Healthy = new(10, Covered: true, Fallback: false, Degraded: false, Error: false, Timeout: false);

    private static void Record(RollingWindows windows, DateTimeOffset at, int count = 1)
    {
        for (var i = 0; i < count; i++) windows.RecordPrediction(at.UtcTicks, Healthy);
    }

    private static long Volume(RollingWindows windows, WindowSpan span) => windows.Metrics(span, QualityMetricKind.Accuracy).Volume;

    [Fact]
    public void Five_minute_window_is_the_current_minute_and_the_four_before_it()
    {
        var windows = new RollingWindows();
        // Minute m holds 2^m predictions, so the sum names exactly which minutes a window took.
        for (var m = 0; m < 10; m++) Record(windows, T0.AddMinutes(m).AddSeconds(30), 1 << m);

        Assert.Equal(T0.AddMinutes(9).AddSeconds(30), windows.Watermark);
        Assert.Equal(32 + 64 + 128 + 256 + 512, Volume(windows, WindowSpan.FiveMinutes)); // minutes 5..9
        Assert.Equal(1023, Volume(windows, WindowSpan.OneHour));                          // minutes 0..9
    }

    [Fact]
    public void Minute_bucket_rolls_over_at_the_exact_minute_boundary()
    {
        var windows = new RollingWindows();
        Record(windows, T0.AddMinutes(5).AddTicks(-1), 1); // 10:04:59.9999999, minute 4
        Record(windows, T0.AddMinutes(5), 2);              // 10:05:00, minute 5

        windows.Advance(T0.AddMinutes(9).AddTicks(-1).UtcTicks); // 10:08:59.9999999: minutes 4..8
        Assert.Equal(3, Volume(windows, WindowSpan.FiveMinutes));

        windows.Advance(T0.AddMinutes(9).UtcTicks); // 10:09:00: minutes 5..9, minute 4 is gone
        Assert.Equal(2, Volume(windows, WindowSpan.FiveMinutes));
        Assert.Equal(3, Volume(windows, WindowSpan.OneHour));
    }

    [Fact]
    public void One_hour_window_is_the_current_minute_and_the_59_before_it()
    {
        var windows = new RollingWindows();
        Record(windows, T0.AddTicks(-1), 1);                        // 09:59:59.9999999
        Record(windows, T0, 2);                                      // 10:00:00
        Record(windows, T0.AddHours(1).AddTicks(-1), 4);             // 10:59:59.9999999

        Assert.Equal(2 + 4, Volume(windows, WindowSpan.OneHour));    // minutes 10:00..10:59
        Assert.Equal(4, Volume(windows, WindowSpan.FiveMinutes));

        windows.Advance(T0.AddHours(1).UtcTicks);                    // 11:00:00: minutes 10:01..11:00
        Assert.Equal(4, Volume(windows, WindowSpan.OneHour));
        Assert.Equal(1 + 2 + 4, Volume(windows, WindowSpan.OneDay)); // hours 09 and 10 are still inside 24h
    }

    [Fact]
    public void Twenty_four_hour_window_is_the_current_hour_and_the_23_before_it()
    {
        var windows = new RollingWindows();
        Record(windows, T0.AddTicks(-1), 1); // hour 09 of day 0
        Record(windows, T0, 2);              // hour 10 of day 0

        windows.Advance(T0.AddDays(1).AddTicks(-1).UtcTicks); // day 1 09:59:59.9999999: hours day0 10..day1 09
        Assert.Equal(2, Volume(windows, WindowSpan.OneDay));
        Assert.Equal(3, Volume(windows, WindowSpan.ThirtyDays));
        Assert.Equal(0, Volume(windows, WindowSpan.OneHour));

        windows.Advance(T0.AddDays(1).UtcTicks); // day 1 10:00: hour 10 of day 0 is gone
        Assert.Equal(0, Volume(windows, WindowSpan.OneDay));
        Assert.Equal(3, Volume(windows, WindowSpan.ThirtyDays));
    }

    [Fact]
    public void Thirty_day_window_is_the_current_day_and_the_29_before_it()
    {
        var windows = new RollingWindows();
        Record(windows, Day0.AddDays(1).AddTicks(-1), 1); // day 0, 23:59:59.9999999
        Record(windows, Day0.AddDays(1), 2);              // day 1, 00:00

        windows.Advance(Day0.AddDays(31).AddTicks(-1).UtcTicks); // still day 30: days 1..30
        Assert.Equal(2, Volume(windows, WindowSpan.ThirtyDays));

        windows.Advance(Day0.AddDays(31).UtcTicks); // day 31: days 2..31
        Assert.Equal(0, Volume(windows, WindowSpan.ThirtyDays));
    }

    [Theory]
    [InlineData(60, 1, 1, 4, 4)]      // minute ring (60) comes round after an hour
    [InlineData(24 * 60, 1, 1, 1, 4)]     // hour ring (24) comes round after a day
    [InlineData(30 * 24 * 60, 1, 1, 1, 1)] // day ring (30) comes round after 30 days
    public void A_reused_bucket_starts_empty_when_its_ring_comes_round(
        int minutesLater, long expected5m, long expected1h, long expected24h, long expected30d)
    {
        var windows = new RollingWindows();
        Record(windows, T0, 3);
        Record(windows, T0.AddMinutes(minutesLater), 1);

        Assert.Equal(expected5m, Volume(windows, WindowSpan.FiveMinutes));
        Assert.Equal(expected1h, Volume(windows, WindowSpan.OneHour));
        Assert.Equal(expected24h, Volume(windows, WindowSpan.OneDay));
        Assert.Equal(expected30d, Volume(windows, WindowSpan.ThirtyDays));
    }

    [Fact]
    public void Advancing_the_clock_without_events_drops_each_horizon_in_turn()
    {
        var monitor = TestModels.Monitor();
        Assert.True(monitor.Apply(Ev.Batch(T0, Ev.Many(7, T0))).Result.Accepted);

        (DateTimeOffset At, long V5m, long V1h, long V24h, long V30d)[] steps =
        [
            (T0.AddMinutes(5).AddTicks(-1), 7, 7, 7, 7),
            (T0.AddMinutes(5), 0, 7, 7, 7),
            (T0.AddHours(1), 0, 0, 7, 7),
            (T0.AddDays(1), 0, 0, 0, 7),
            (Day0.AddDays(30), 0, 0, 0, 0),
        ];
        foreach (var (at, v5m, v1h, v24h, v30d) in steps)
        {
            monitor.AdvanceTo(at);
            var snapshot = monitor.Snapshot();
            Assert.Equal(at, snapshot.Watermark);
            Assert.Equal([v5m, v1h, v24h, v30d], WindowSpans.All.Select(s => snapshot.Windows[s].Volume).ToArray());
        }
        Assert.Equal(7, monitor.Snapshot().Counters.Predictions); // counters are totals, windows roll
    }

    [Fact]
    public void The_clock_never_moves_back()
    {
        var windows = new RollingWindows();
        Record(windows, T0.AddMinutes(10));
        windows.Advance(T0.UtcTicks);
        Record(windows, T0.AddMinutes(7)); // late, but inside 5m: counted without moving the clock

        Assert.Equal(T0.AddMinutes(10), windows.Watermark);
        Assert.Equal(2, Volume(windows, WindowSpan.FiveMinutes));
    }

    [Fact]
    public void An_empty_window_reports_no_rates_no_quality_and_no_latency()
    {
        var windows = new RollingWindows();
        Record(windows, T0);
        windows.Advance(T0.AddMinutes(5).UtcTicks);

        var m = windows.Metrics(WindowSpan.FiveMinutes, QualityMetricKind.Accuracy);
        Assert.Equal(0, m.Volume);
        Assert.Null(m.Quality);
        Assert.Null(m.LatencyP95);
        Assert.Null(m.ErrorRate);
        Assert.Null(m.Coverage);
        Assert.NotNull(windows.Metrics(WindowSpan.OneHour, QualityMetricKind.Accuracy).LatencyP95);
    }
}
