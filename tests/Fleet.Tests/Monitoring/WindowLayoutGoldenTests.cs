using System.Security.Cryptography;
using System.Text;
using Fleet.Models;
using Fleet.Monitoring.Windows;
using Fleet.Snapshots;
using Fleet.Tests.Drift;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;
using Xunit.Abstractions;

namespace Fleet.Tests.Monitoring;

/// <summary>
/// The windows' layout may change (how a bucket keeps its counts and latencies), their answers may not. One fixed, seeded
/// history of predictions, outcomes, late events, clock jumps, bursts that widen the latency counts, quality resets and a
/// checkpoint round trip, with every answer read along the way (each window's metrics for every quality metric, the
/// evaluation metrics, the series, volumes), is digested to one hash. <see cref="Expected"/> is that hash as the layout
/// before issue 17's re-lay (a sketch object per bucket, long counts; commit <c>cbffc3d</c>) gave it: this test compiled
/// once, run against that commit's Grains assembly. Doubles are printed round-trip exact, so equal hashes mean equal bits.
/// </summary>
public sealed class WindowLayoutGoldenTests(ITestOutputHelper output)
{
    private const string Expected = "2A58A22C93CEA0C5DE12BFFFC1E4A39303FF7454C8B9DAAD7A8E75CFF6C798B3";

    private static readonly DateTimeOffset T0 = new(2026, 5, 11, 22, 17, 0, TimeSpan.Zero);

    private static readonly QualityMetricKind[] Metrics =
        [QualityMetricKind.Accuracy, QualityMetricKind.Precision, QualityMetricKind.Recall, QualityMetricKind.Relevance, QualityMetricKind.Mae];

    [Fact]
    public void Every_answer_of_a_long_mixed_history_is_bit_for_bit_the_old_layouts()
    {
        var random = new Random(1717);
        var windows = new RollingWindows();
        var now = T0.UtcTicks;
        var predictions = new List<(long At, double Score)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lines = 0;
        void Digest(string line)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
            lines++;
        }

        for (var step = 0; step < 12_000; step++)
        {
            var roll = random.NextDouble();
            if (roll < 0.55)
            {
                var lag = random.NextDouble() switch
                {
                    < 0.7 => 0,
                    < 0.9 => TimeSpan.FromMinutes(random.Next(1, 90)).Ticks,
                    < 0.98 => TimeSpan.FromHours(random.Next(1, 24 * 20)).Ticks,
                    _ => TimeSpan.FromDays(random.Next(25, 40)).Ticks,
                };
                var latency = random.NextDouble() switch
                {
                    < 0.02 => random.NextDouble() * 1e-3, // the zero bin
                    < 0.04 => 1e4 * (1 + random.NextDouble()), // timeouts far out
                    _ => Math.Exp(3 + random.NextDouble() * 3),
                };
                var score = Math.Round(random.NextDouble(), 3);
                var sample = new PredictionSample(latency, random.NextDouble() < 0.9, random.NextDouble() < 0.1, random.NextDouble() < 0.1,
                    random.NextDouble() < 0.05, random.NextDouble() < 0.05, random.NextDouble() < 0.9 ? score : null, random.NextDouble() < 0.5 ? 0.5 : 0.3);
                // Now and then a burst in one bin: past 255 (2-byte counts) and, once, past 65,535 (4-byte counts).
                var repeat = random.NextDouble() < 0.003 ? 300 : 1;
                if (step == 7_000) repeat = 70_000;
                for (var r = 0; r < repeat; r++) windows.RecordPrediction(now - lag, sample);
                predictions.Add((now - lag, score));
            }
            else if (roll < 0.85 && predictions.Count > 0)
            {
                var (at, score) = predictions[random.Next(predictions.Count)];
                windows.RecordOutcome(at, score, random.NextDouble() < 0.3 ? random.NextDouble() : random.NextDouble() < 0.5 ? 1 : 0, 0.5);
            }
            else if (roll < 0.995)
            {
                now += random.NextDouble() switch
                {
                    < 0.6 => TimeSpan.FromSeconds(random.Next(1, 120)).Ticks,
                    < 0.9 => TimeSpan.FromMinutes(random.Next(1, 240)).Ticks,
                    < 0.99 => TimeSpan.FromHours(random.Next(1, 72)).Ticks,
                    _ => TimeSpan.FromDays(random.Next(1, 45)).Ticks,
                };
                windows.Advance(now);
            }
            else
            {
                windows.ResetQuality();
            }

            if (step == 6_000) windows = OrleansRoundTrip.Copy(windows); // a checkpoint restored mid-history

            if (step % 25 == 0)
            {
                Digest($"step {step} watermark {windows.WatermarkTicks}");
                foreach (var metric in Metrics)
                {
                    foreach (var span in WindowSpans.All)
                    {
                        Digest($"{metric} {span} {windows.Metrics(span, metric)}");
                        Digest($"{metric} {span} q {windows.Quality(span, metric)} v {windows.Volume(span)}");
                    }
                    foreach (var (span, m) in windows.EvaluationMetrics(metric, WindowSpans.All[step / 25 % 4])) Digest($"eval {metric} {span} {m}");
                }
            }
            if (step % 400 == 0)
            {
                foreach (var span in WindowSpans.All)
                    foreach (var point in windows.Series(span, Metrics[step / 400 % Metrics.Length])) Digest($"series {span} {point}");
            }
        }

        var digest = Convert.ToHexString(hash.GetHashAndReset());
        output.WriteLine($"{lines:N0} lines, SHA-256 {digest}");
        Assert.Equal(Expected, digest);
    }

    [Fact]
    public void An_Orleans_deep_copy_answers_the_same_and_shares_no_count_array()
    {
        var windows = new RollingWindows();
        var at = T0.UtcTicks;
        for (var i = 0; i < 2_000; i++)
            windows.RecordPrediction(at + i * TimeSpan.TicksPerSecond, new PredictionSample(5 + i % 97, true, false, false, false, false, 0.6));
        var copier = new ServiceCollection().AddSerializer().BuildServiceProvider()
            .GetRequiredService<DeepCopier<RollingWindows>>();
        var copy = copier.Copy(windows);
        foreach (var span in WindowSpans.All)
            Assert.Equal(windows.Metrics(span, QualityMetricKind.Accuracy), copy.Metrics(span, QualityMetricKind.Accuracy));

        // 300 more at a latency its current minute already holds: counted in place (then widened), which a shared count array would show in the original.
        var before = windows.Metrics(WindowSpan.FiveMinutes, QualityMetricKind.Accuracy);
        for (var i = 0; i < 300; i++) copy.RecordPrediction(at + 1_999 * TimeSpan.TicksPerSecond, new PredictionSample(50, true, false, false, false, false, 0.6));
        Assert.Equal(before, windows.Metrics(WindowSpan.FiveMinutes, QualityMetricKind.Accuracy));
        Assert.Equal(before.Volume + 300, copy.Metrics(WindowSpan.FiveMinutes, QualityMetricKind.Accuracy).Volume);
    }
}
