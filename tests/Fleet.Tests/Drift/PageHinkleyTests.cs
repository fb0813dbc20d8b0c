using Fleet.Monitoring.Detectors;
using Xunit.Abstractions;

namespace Fleet.Tests.Drift;

public sealed class PageHinkleyTests(ITestOutputHelper output)
{
    [Fact]
    public void A_jump_is_detected_exactly_when_the_cumulative_deviation_passes_lambda_by_hand()
    {
        // δ = 0, λ = 1, α = 1, from the first value: stream 0, 0, 0, 3.
        // t=4: mean = 0.75, deviation = 2.25, U = 0+0+0+2.25, min U = 0 → 2.25 > 1: detected.
        var ph = new PageHinkley(delta: 0, lambda: 1, alpha: 1, minInstances: 1, direction: ChangeDirection.Increase);
        Assert.False(ph.Update(0));
        Assert.False(ph.Update(0));
        Assert.False(ph.Update(0));
        Assert.True(ph.Update(3));
        Assert.Equal(2.25, ph.IncreaseStatistic, 1e-12);
        Assert.True(ph.DriftDetected);
        Assert.False(ph.WarningDetected);

        // The next value starts over.
        Assert.False(ph.Update(3));
        Assert.Equal(1, ph.Count);
        Assert.Equal(3, ph.Mean);
    }

    [Fact]
    public void Min_instances_hold_back_a_detection()
    {
        var ph = new PageHinkley(delta: 0, lambda: 1, alpha: 1, minInstances: 5);
        double[] stream = [0, 0, 10, 10]; // the statistic passes λ at t=3 but only 4 values were seen
        foreach (double x in stream) Assert.False(ph.Update(x));
        Assert.True(ph.IncreaseStatistic > 1);
        Assert.True(ph.Update(10));
    }

    [Fact]
    public void The_direction_chooses_whether_increases_decreases_or_both_are_detected()
    {
        // Noise-free: 0 for 500 values, then −1 (a decrease), then the same stream mirrored (an increase).
        double[] down = [.. Enumerable.Repeat(0.0, 500), .. Enumerable.Repeat(-1.0, 500)];
        double[] up = down.Select(x => -x).ToArray();
        Assert.Null(FirstDetection(new PageHinkley(direction: ChangeDirection.Increase), down));
        Assert.Null(FirstDetection(new PageHinkley(direction: ChangeDirection.Decrease), up));
        int? decrease = FirstDetection(new PageHinkley(direction: ChangeDirection.Decrease), down);
        int? increase = FirstDetection(new PageHinkley(direction: ChangeDirection.Increase), up);
        int? both = FirstDetection(new PageHinkley(), down);
        output.WriteLine($"decrease detected at {decrease}, increase at {increase}, both at {both}");
        // Each step after the change adds about 1 − (t−500)/t to the statistic: λ = 50 is passed ~55 values in.
        Assert.InRange(decrease!.Value, 540, 570);
        Assert.Equal(decrease, increase);
        Assert.Equal(decrease, both);

        static int? FirstDetection(PageHinkley ph, double[] stream)
        {
            for (int t = 0; t < stream.Length; t++) if (ph.Update(stream[t])) return t;
            return null;
        }
    }

    // Measured on these seeds (deterministic): delay median 39, p90 58, max 106; a false alarm before the change in
    // 57 of 200 streams (28.5%); 1 stream missed the change because a false alarm at t = 992 reset the detector,
    // whose new mean then already included the shifted values. The bounds leave room for refactoring, not for a
    // different behaviour: λ = 50 is ~1.6 sd of a 1000-step unit random walk, so false alarms are expected.
    [Fact]
    public void A_one_sigma_mean_increase_is_detected_within_documented_delay_and_false_alarm_bounds()
    {
        // 200 seeded unit-variance Gaussian streams; +1σ at t = 1000; River's defaults, both directions.
        var stats = DetectorExperiment.Run(() => new PageHinkley(), (r, t) => Reference.Gaussian(r) + (t >= 1000 ? 1 : 0),
            changeAt: 1000, length: 2000, seed: 1_000);
        output.WriteLine($"Page-Hinkley, +1σ: {stats}");
        Assert.InRange(stats.MissRate, 0, 0.01);
        Assert.InRange(stats.MedianDelay, 25, 60);
        Assert.InRange(stats.Delay90, 25, 90);
        Assert.InRange(stats.FalseAlarmRate, 0, 0.40);
    }

    // Measured: delay median 87, p90 107, max 125; no false alarm and no miss in 200 streams.
    [Fact]
    public void Raising_lambda_trades_delay_for_fewer_false_alarms()
    {
        var stats = DetectorExperiment.Run(() => new PageHinkley(lambda: 100, direction: ChangeDirection.Increase),
            (r, t) => Reference.Gaussian(r) + (t >= 1000 ? 1 : 0), changeAt: 1000, length: 2000, seed: 2_000);
        output.WriteLine($"Page-Hinkley λ=100, increases only, +1σ: {stats}");
        Assert.Equal(0, stats.Missed);
        Assert.InRange(stats.MedianDelay, 60, 120);
        Assert.InRange(stats.Delay90, 60, 150);
        Assert.InRange(stats.FalseAlarmRate, 0, 0.02);
    }

    [Fact]
    public void Page_Hinkley_survives_an_Orleans_round_trip_mid_stream()
    {
        var ph = new PageHinkley(direction: ChangeDirection.Decrease);
        var random = new Random(5);
        for (int i = 0; i < 300; i++) ph.Update(Reference.Gaussian(random));
        var copy = OrleansRoundTrip.Copy(ph);
        Assert.Equal(ChangeDirection.Decrease, copy.Direction);
        for (int i = 0; i < 500; i++)
        {
            double x = Reference.Gaussian(random) - (i > 100 ? 2 : 0);
            Assert.Equal(ph.Update(x), copy.Update(x));
            Assert.Equal(ph.DecreaseStatistic, copy.DecreaseStatistic);
        }
    }
}
