using System.IO.Hashing;
using System.Text;
using Fleet.Events;
using Fleet.Models;

namespace Fleet.Silo.Recordings.Import;

/// <summary>
/// Turns a minute's figures into events that reproduce them, deterministically (every draw from a generator seeded
/// by the model and the minute): <c>volume</c> predictions spread evenly over the minute; exactly <c>errors</c> and
/// <c>timeouts</c> of them flagged; latencies at the minute's ranks interpolated through P50, P95 and P99 (below
/// P50 down to half of it, above P99 up to 110 % of it), so each quantile reads back within the sketch's 1 %; with a
/// quality, one outcome per prediction at once, exactly round(quality × volume) of them good for the model's metric
/// (MAE: every error equals the quality); each drift feature drawn from a normal distribution moved by its shift.
/// </summary>
public static class MetricsSynthesizer
{
    public static IEnumerable<ImportedEvent> Events(MinuteMetrics m, ModelDefinition model)
    {
        if (model.QualityMetric != QualityMetricKind.Mae && m.Quality > 1)
            throw new ImportException(m.Line, "quality", $"must be from 0 to 1 for a model measured by {model.QualityMetric}");
        var n = m.Volume;
        var random = new Random(Seed(m.Model, m.Minute));
        var latencies = Enumerable.Range(0, n).Select(i => LatencyAt((i + 0.5) / n, m)).ToArray();
        random.Shuffle(latencies);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var flags = new byte[n]; // 1 error, 2 timeout
        for (var k = 0; k < m.Errors + m.Timeouts; k++) flags[order[k]] = (byte)(k < m.Errors ? 1 : 2);
        var good = new bool[n];
        random.Shuffle(order);
        var goodCount = m.Quality is { } q ? (int)Math.Round(Math.Min(1, q) * n, MidpointRounding.AwayFromZero) : 0;
        for (var k = 0; k < goodCount; k++) good[order[k]] = true;
        var features = m.Drift.Count == 0 ? null : m.Drift.Select(d => Normal(random, n, d.Shift)).ToArray();
        var schemas = new FeatureSchemaSet();
        var names = m.Drift.Select(d => d.Feature).ToArray();
        var (high, low) = (model.DecisionThreshold + (1 - model.DecisionThreshold) / 2, model.DecisionThreshold / 2);

        for (var i = 0; i < n; i++)
        {
            var at = m.Minute.AddTicks(TimeSpan.TicksPerMinute * (2L * i + 1) / (2L * n));
            var id = $"{m.Model}-{m.Minute.UtcDateTime:yyyyMMddHHmm}-{i}";
            var (score, label) = model.QualityMetric switch
            {
                QualityMetricKind.Recall => (good[i] ? high : low, 1.0),
                QualityMetricKind.Mae => (0.0, m.Quality ?? 0),
                _ => (high, good[i] ? 1.0 : 0.0),
            };
            var row = features is null ? null : new FeatureRow(schemas.For(names), features.Select(f => new FeatureValue(f[i], null)).ToArray());
            yield return new ImportedEvent(m.Line, m.Model, new PredictionEvent(at, id, null, score, latencies[i], 1, false, flags[i] == 1, flags[i] == 2, row), null);
            if (m.Quality is not null) yield return new ImportedEvent(m.Line, m.Model, null, new OutcomeEvent(at, id, label));
        }
    }

    /// <summary>The latency at quantile <paramref name="q"/>: straight lines through (0, P50/2), (.5, P50), (.95, P95), (.99, P99), (1, 1.1 P99).</summary>
    public static double LatencyAt(double q, MinuteMetrics m)
    {
        ReadOnlySpan<double> qs = [0, 0.5, 0.95, 0.99, 1];
        ReadOnlySpan<double> vs = [m.P50 / 2, m.P50, m.P95, m.P99, m.P99 * 1.1];
        for (var k = 1; k < qs.Length; k++)
            if (q <= qs[k]) return vs[k - 1] + (vs[k] - vs[k - 1]) * (q - qs[k - 1]) / (qs[k] - qs[k - 1]);
        return vs[^1];
    }

    // Box-Muller from the seeded generator: a standard normal sample moved by the shift.
    private static double[] Normal(Random random, int n, double shift)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = 1 - random.NextDouble();
            values[i] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()) + shift;
        }
        return values;
    }

    private static int Seed(string model, DateTimeOffset minute) =>
        (int)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{model}@{minute.UtcTicks}"));
}
