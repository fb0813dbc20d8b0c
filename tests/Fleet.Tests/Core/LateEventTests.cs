using Fleet.Models;
using Fleet.Monitoring.Windows;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// A late event (older than the clock) is counted by every tier whose ring still reaches its time: it
/// falls out of the finer windows first and is then held only by the coarser ones.
/// </summary>
public sealed class LateEventTests
{
    private static readonly PredictionSample Healthy = new(10, Covered: true, Fallback: false, Degraded: false, Error: false, Timeout: false);

    private static long[] Volumes(RollingWindows windows) =>
        WindowSpans.All.Select(s => windows.Metrics(s, QualityMetricKind.Accuracy).Volume).ToArray();

    [Theory]
    // clock 12:00:00 on day 0; the late event's age decides which windows take it (5m, 1h, 24h, 30d)
    [InlineData(4, new long[] { 1, 1, 1, 1 })]        // 11:56: still inside 5m
    [InlineData(30, new long[] { 0, 1, 1, 1 })]       // 11:30: minute ring reaches it
    [InlineData(59, new long[] { 0, 1, 1, 1 })]       // 11:01: last minute the hour holds
    [InlineData(61, new long[] { 0, 0, 1, 1 })]       // 10:59: only the hour and day rings
    [InlineData(25 * 60, new long[] { 0, 0, 0, 1 })]  // 11:00 the day before: only the day ring
    public void Late_prediction_lands_only_in_the_tiers_that_still_reach_it(int minutesOld, long[] expected)
    {
        var windows = new RollingWindows();
        var now = T0.AddHours(2);
        windows.Advance(now.UtcTicks);

        windows.RecordPrediction(now.AddMinutes(-minutesOld).UtcTicks, Healthy);

        Assert.Equal(expected, Volumes(windows));
        Assert.Equal(now, windows.Watermark);
    }

    [Fact]
    public void Late_outcome_is_counted_in_the_tiers_that_still_hold_its_prediction()
    {
        var windows = new RollingWindows();
        windows.RecordPrediction(T0.UtcTicks, Healthy);
        windows.Advance(T0.AddMinutes(90).UtcTicks); // the minute ring no longer reaches 10:00

        windows.RecordOutcome(T0.UtcTicks, score: 0.9, label: 1, decisionThreshold: 0.5);

        Assert.Equal(0, windows.Metrics(WindowSpan.OneHour, QualityMetricKind.Accuracy).QualitySamples);
        Assert.Equal(1, windows.Metrics(WindowSpan.OneDay, QualityMetricKind.Accuracy).QualitySamples);
        Assert.Equal(1.0, windows.Metrics(WindowSpan.OneDay, QualityMetricKind.Accuracy).Quality);
        Assert.Equal(1, windows.Metrics(WindowSpan.ThirtyDays, QualityMetricKind.Accuracy).QualitySamples);
    }
}
