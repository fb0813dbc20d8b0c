using Fleet.Events;
using Fleet.Monitoring.Windows;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// One version's traffic in one segment during a rollout comparison: requests and failures, latency and value as sums
/// and sums of squares (for Welch's test), joined quality counts and user responses.
/// </summary>
[GenerateSerializer]
public struct ArmCounts
{
    [Id(0)] public long Requests;
    [Id(1)] public long Failures;
    [Id(2)] public double LatencySum;
    [Id(3)] public double LatencySquares;
    [Id(4)] public QualityCounts Quality;
    [Id(5)] public long Responses;
    [Id(6)] public long Clicks;
    [Id(7)] public double ValueSum;
    [Id(8)] public double ValueSquares;

    public void RecordRequest(PredictionEvent p)
    {
        Requests++;
        if (p.Error || p.Timeout) Failures++;
        LatencySum += p.LatencyMs;
        LatencySquares += p.LatencyMs * p.LatencyMs;
    }

    public void RecordResponse(UserResponse r)
    {
        Responses++;
        if (r.Clicked) Clicks++;
        ValueSum += r.Value;
        ValueSquares += r.Value * r.Value;
    }

    public void Add(in ArmCounts o)
    {
        Requests += o.Requests;
        Failures += o.Failures;
        LatencySum += o.LatencySum;
        LatencySquares += o.LatencySquares;
        Quality.Add(o.Quality);
        Responses += o.Responses;
        Clicks += o.Clicks;
        ValueSum += o.ValueSum;
        ValueSquares += o.ValueSquares;
    }

    /// <summary>Mean and sample variance from a sum and a sum of squares over <paramref name="n"/> observations.</summary>
    public static (double Mean, double Variance) Moments(double sum, double squares, long n) =>
        n < 2 ? (n == 1 ? sum : 0, 0) : (sum / n, Math.Max(0, (squares - sum * sum / n) / (n - 1)));
}
