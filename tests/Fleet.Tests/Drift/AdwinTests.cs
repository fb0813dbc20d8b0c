using Fleet.Monitoring.Detectors;
using Xunit.Abstractions;

namespace Fleet.Tests.Drift;

public sealed class AdwinTests(ITestOutputHelper output)
{
    [Fact]
    public void The_window_is_always_exactly_the_most_recent_values_with_their_mean_and_variance()
    {
        // A change at 2500 makes ADWIN drop buckets; whatever it keeps must be a suffix of the stream, and its
        // mean and variance those of that suffix (checked against direct two-pass sums, 1e-9).
        var random = new Random(3);
        var stream = Enumerable.Range(0, 6000).Select(t => Reference.Gaussian(random) + (t >= 2500 ? 2 : 0)).ToArray();
        var adwin = new Adwin();
        bool shrank = false;
        for (int t = 0; t < stream.Length; t++)
        {
            bool detected = adwin.Update(stream[t]);
            shrank |= detected;
            if (t % 37 != 0 && !detected) continue;
            var suffix = stream[(t + 1 - (int)adwin.Width)..(t + 1)];
            Assert.Equal(suffix.Average(), adwin.Mean, 1e-9);
            double mean = suffix.Average();
            Assert.Equal(suffix.Sum(v => (v - mean) * (v - mean)) / suffix.Length, adwin.Variance, 1e-9);
        }
        Assert.True(shrank);
        // The 3500 post-change values and at most a few older ones: cuts fall on bucket boundaries, and a handful
        // of old values in a window of thousands is not significant.
        Assert.InRange(adwin.Width, 3000, 3600);
        Assert.Equal(2, adwin.Mean, 0.1);
    }

    [Fact]
    public void Memory_stays_logarithmic_in_the_window_width()
    {
        // Exponential histogram bound: at most M + 1 buckets per row and log2(W/M) + 2 rows.
        var adwin = new Adwin();
        var random = new Random(4);
        for (int t = 0; t < 1_000_000; t++) adwin.Update(random.NextDouble() < 0.2 ? 1 : 0);
        double bound = (adwin.MaxBucketsPerRow + 1) * (Math.Log2(adwin.Width / (double)adwin.MaxBucketsPerRow) + 2);
        output.WriteLine($"width {adwin.Width}, buckets {adwin.Buckets} (bound {bound:F0}), detections {adwin.Detections}");
        Assert.Equal(0, adwin.Detections); // measured: a stationary million values raise no false alarm
        Assert.InRange(adwin.Buckets, 1, bound);
        Assert.InRange(adwin.Width, 100_000, 1_000_000);
    }

    // Measured on these seeds (deterministic): delay median 119, p90 183, max 375; no false alarm, no miss. Cuts are
    // only tried every 32 values (the clock), so delays come in steps of 32.
    [Fact]
    public void A_half_sigma_mean_shift_is_detected_within_documented_delay_and_false_alarm_bounds()
    {
        // 200 seeded unit-variance Gaussian streams; +0.5σ at t = 1000; paper defaults (δ = 0.002, M = 5, clock 32).
        var stats = DetectorExperiment.Run(() => new Adwin(), (r, t) => Reference.Gaussian(r) + (t >= 1000 ? 0.5 : 0),
            changeAt: 1000, length: 3000, seed: 3_000);
        output.WriteLine($"ADWIN, +0.5σ: {stats}");
        Assert.Equal(0, stats.Missed);
        Assert.InRange(stats.MedianDelay, 0, 160);
        Assert.InRange(stats.Delay90, 0, 260);
        Assert.InRange(stats.FalseAlarmRate, 0, 0.02);
    }

    // Measured: +1σ delay median 55, p90 55, max 87; error rate 0.1 → 0.3 median 119, p90 183, max 279; no false
    // alarms, no misses.
    [Fact]
    public void A_one_sigma_shift_and_an_error_rate_rise_are_caught_faster()
    {
        var sigma = DetectorExperiment.Run(() => new Adwin(), (r, t) => Reference.Gaussian(r) + (t >= 1000 ? 1 : 0),
            changeAt: 1000, length: 2000, seed: 4_000);
        var errors = DetectorExperiment.Run(() => new Adwin(), (r, t) => r.NextDouble() < (t >= 1000 ? 0.3 : 0.1) ? 1 : 0,
            changeAt: 1000, length: 3000, seed: 5_000);
        output.WriteLine($"ADWIN, +1σ: {sigma}");
        output.WriteLine($"ADWIN, error rate 0.1 → 0.3: {errors}");
        Assert.Equal(0, sigma.Missed);
        Assert.InRange(sigma.MedianDelay, 0, 80);
        Assert.InRange(sigma.FalseAlarmRate, 0, 0.02);
        Assert.Equal(0, errors.Missed);
        Assert.InRange(errors.MedianDelay, 0, 160);
        Assert.InRange(errors.Delay90, 0, 260);
        Assert.InRange(errors.FalseAlarmRate, 0, 0.02);
    }

    [Fact]
    public void Reset_forgets_the_window()
    {
        var adwin = new Adwin();
        for (int i = 0; i < 100; i++) adwin.Update(i);
        adwin.Reset();
        Assert.Equal(0, adwin.Width);
        Assert.True(double.IsNaN(adwin.Mean));
        adwin.Update(5);
        Assert.Equal(5, adwin.Mean);
    }

    [Fact]
    public void Adwin_survives_an_Orleans_round_trip_mid_stream()
    {
        var adwin = new Adwin();
        var random = new Random(6);
        for (int i = 0; i < 2000; i++) adwin.Update(Reference.Gaussian(random));
        var copy = OrleansRoundTrip.Copy(adwin);
        Assert.Equal((adwin.Width, adwin.Mean, adwin.Buckets), (copy.Width, copy.Mean, copy.Buckets));
        for (int i = 0; i < 2000; i++)
        {
            double x = Reference.Gaussian(random) + (i > 500 ? 1 : 0);
            Assert.Equal(adwin.Update(x), copy.Update(x));
        }
        Assert.Equal((adwin.Width, adwin.Mean, adwin.Detections), (copy.Width, copy.Mean, copy.Detections));
    }
}
