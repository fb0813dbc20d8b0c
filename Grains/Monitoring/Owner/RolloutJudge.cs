using Fleet.Catalogue;
using System.Globalization;
using Fleet.Models;
using Fleet.Snapshots;

namespace Fleet.Monitoring.Owner;

/// <summary>
/// Reads a <see cref="RolloutComparison"/> and says "promote", "hold" or "roll back" (README "Versions compared during
/// rollout"). Rates (quality, errors, engagement) are compared with the pooled two-proportion z-test, means (latency,
/// value per request) with Welch's t-test, two-sided at <see cref="Alpha"/> over all traffic and at
/// <see cref="Alpha"/> / k per segment (Bonferroni over the k segments compared), each only once both versions hold
/// <see cref="MinSamples"/>. Roll back: a dimension is significantly worse over all traffic, or the candidate's fairness gap
/// exceeds the model's limit and the current version's. Hold: worse in a segment only, or too few samples yet. Promote:
/// every observable dimension compared and none worse.
/// </summary>
public static class RolloutJudge
{
    public const double Alpha = 0.05;
    public const long MinSamples = 200;
    public const string Promote = "promote";
    public const string Hold = "hold";
    public const string RollBack = "roll back";

    public const string Better = "better";
    public const string Worse = "worse";
    public const string NoDifference = "no significant difference";
    public const string TooFew = "too few samples";
    public const string NotObservable = "not observable";

    private const string ZTest = "two-proportion z-test (pooled)";
    private const string WelchTest = "Welch's t-test";

    public static RolloutReport Judge(ModelDefinition model, RolloutComparison comparison)
    {
        var overall = Lines(model, comparison, null, Alpha);
        overall.Add(Fairness(model, comparison));
        var segments = new List<ComparisonLine>();
        var alpha = comparison.Segments.Count == 0 ? Alpha : Alpha / comparison.Segments.Count;
        foreach (var segment in comparison.Segments) segments.AddRange(Lines(model, comparison, segment, alpha));

        var reasons = new List<string>();
        string verdict;
        var worse = overall.Where(l => l.Finding == Worse).ToList();
        var worseSegments = segments.Where(l => l.Finding == Worse).ToList();
        var unproven = overall.Where(l => l.Finding == TooFew && l.Dimension is "quality" or "errors" or "latency").ToList();
        if (worse.Count > 0)
        {
            verdict = RollBack;
            reasons.AddRange(worse.Select(Describe));
            reasons.AddRange(worseSegments.Select(Describe));
        }
        else if (worseSegments.Count > 0)
        {
            verdict = Hold;
            reasons.Add("better or no worse over all traffic, but worse for a segment");
            reasons.AddRange(worseSegments.Select(Describe));
        }
        else if (unproven.Count > 0)
        {
            verdict = Hold;
            reasons.AddRange(unproven.Select(l => $"{l.Dimension}: too few samples yet ({l.CurrentSamples:N0} and {l.CandidateSamples:N0}; {MinSamples:N0} each needed)"));
        }
        else
        {
            verdict = Promote;
            var better = overall.Where(l => l.Finding == Better).Select(Describe).ToList();
            reasons.Add(better.Count == 0 ? "no dimension is worse over all traffic or in any segment" : "no dimension is worse; " + string.Join("; ", better));
        }
        return new RolloutReport(model.Id, model.Version, comparison.Candidate, comparison.Stage,
            comparison.SinceTicks == long.MinValue ? null : new DateTimeOffset(comparison.SinceTicks, TimeSpan.Zero), verdict, reasons, overall, segments, MinSamples,
            $"{ZTest} for quality, errors and engagement; {WelchTest} for latency and value per request; two-sided, alpha {Alpha} " +
            $"over all traffic and alpha/k per segment (Bonferroni over k segments); at least {MinSamples} samples per version");
    }

    private static List<ComparisonLine> Lines(ModelDefinition model, RolloutComparison comparison, string? segment, double alpha)
    {
        var a = comparison.Counts(candidate: false, segment);
        var b = comparison.Counts(candidate: true, segment);
        var shadow = comparison.Stage == RolloutStage.Shadow;
        var lines = new List<ComparisonLine>
        {
            Quality(model, segment, a, b, alpha),
            Proportion("errors", segment, a.Failures, a.Requests, b.Failures, b.Requests, alpha, higherIsBetter: false),
            Means("latency", segment, a.LatencySum, a.LatencySquares, a.Requests, b.LatencySum, b.LatencySquares, b.Requests, alpha, higherIsBetter: false),
        };
        if (shadow)
        {
            lines.Add(Unobservable("engagement", segment, a));
            lines.Add(Unobservable("value", segment, a));
        }
        else
        {
            lines.Add(a.Responses == 0 && b.Responses == 0
                ? Unobservable("engagement", segment, a)
                : Proportion("engagement", segment, a.Clicks, a.Requests, b.Clicks, b.Requests, alpha, higherIsBetter: true));
            lines.Add(a.Responses == 0 && b.Responses == 0
                ? Unobservable("value", segment, a)
                : Means("value", segment, a.ValueSum, a.ValueSquares, a.Requests, b.ValueSum, b.ValueSquares, b.Requests, alpha, higherIsBetter: true));
        }
        return lines;
    }

    private static ComparisonLine Quality(ModelDefinition model, string? segment, in ArmCounts a, in ArmCounts b, double alpha)
    {
        var metric = model.QualityMetric;
        var (qa, na) = a.Quality.Measure(metric);
        var (qb, nb) = b.Quality.Measure(metric);
        if (metric.LowerIsBetter())
            return new ComparisonLine("quality", segment, qa, na, qb, nb, qb - qa, "MAE: not tested", null, null, alpha,
                na < MinSamples || nb < MinSamples ? TooFew : NoDifference);
        // Each metric is a proportion of its own denominator (accuracy of the labelled, precision of the positive calls...).
        var xa = (long)Math.Round((qa ?? 0) * na);
        var xb = (long)Math.Round((qb ?? 0) * nb);
        return Proportion("quality", segment, xa, na, xb, nb, alpha, higherIsBetter: true);
    }

    private static ComparisonLine Proportion(string dimension, string? segment, long xa, long na, long xb, long nb, double alpha, bool higherIsBetter)
    {
        double? pa = na > 0 ? (double)xa / na : null, pb = nb > 0 ? (double)xb / nb : null;
        if (na < MinSamples || nb < MinSamples)
            return new ComparisonLine(dimension, segment, pa, na, pb, nb, pb - pa, ZTest, null, null, alpha, TooFew);
        var test = SignificanceTests.TwoProportionZ(xa, na, xb, nb);
        return new ComparisonLine(dimension, segment, pa, na, pb, nb, pb - pa, ZTest, test?.Statistic, test?.PValue, alpha,
            Finding(test, alpha, higherIsBetter));
    }

    private static ComparisonLine Means(string dimension, string? segment, double sumA, double squaresA, long na,
        double sumB, double squaresB, long nb, double alpha, bool higherIsBetter)
    {
        var (ma, va) = ArmCounts.Moments(sumA, squaresA, na);
        var (mb, vb) = ArmCounts.Moments(sumB, squaresB, nb);
        // Latencies near double's limit overflow their sums of squares: such a version is not compared on them.
        if (!double.IsFinite(ma + va + mb + vb))
            return new ComparisonLine(dimension, segment, null, na, null, nb, null, WelchTest, null, null, alpha, NoDifference);
        double? meanA = na > 0 ? ma : null, meanB = nb > 0 ? mb : null;
        if (na < MinSamples || nb < MinSamples)
            return new ComparisonLine(dimension, segment, meanA, na, meanB, nb, meanB - meanA, WelchTest, null, null, alpha, TooFew);
        var test = SignificanceTests.Welch(ma, va, na, mb, vb, nb);
        return new ComparisonLine(dimension, segment, meanA, na, meanB, nb, meanB - meanA, WelchTest, test?.Statistic, test?.PValue, alpha,
            Finding(test, alpha, higherIsBetter));
    }

    private static ComparisonLine Unobservable(string dimension, string? segment, in ArmCounts a) =>
        new(dimension, segment, null, a.Requests, null, 0, null, "none", null, null, Alpha, NotObservable);

    private static string Finding(TestResult? test, double alpha, bool higherIsBetter)
    {
        if (test is not { } t || !double.IsFinite(t.Statistic) || !(t.PValue < alpha)) return NoDifference;
        return (t.Statistic > 0) == higherIsBetter ? Better : Worse;
    }

    /// <summary>The largest quality gap between segments holding the minimum of labels, for each version (no test: a gap of gaps).</summary>
    private static ComparisonLine Fairness(ModelDefinition model, RolloutComparison comparison)
    {
        (double? Gap, long Samples) GapOf(bool candidate)
        {
            var qualities = comparison.Segments
                .Select(s => comparison.Counts(candidate, s).Quality.Measure(model.QualityMetric))
                .Where(q => q.Value is not null && q.Samples >= MinSamples).Select(q => q.Value!.Value).ToList();
            return (qualities.Count < 2 ? null : qualities.Max() - qualities.Min(), qualities.Count);
        }
        var (ga, sa) = GapOf(false);
        var (gb, sb) = GapOf(true);
        var limit = (model.Thresholds[ThresholdCatalogue.Fairness] ?? ThresholdCatalogue.Fairness.Base!).Value;
        var finding = ga is null || gb is null ? TooFew
            : gb > limit && gb > ga ? Worse
            : ga > limit && ga > gb ? Better
            : NoDifference;
        return new ComparisonLine("fairness", null, ga, sa, gb, sb, gb - ga,
            $"largest gap between segments with {MinSamples}+ labels, against the limit {limit.ToString("0.###", CultureInfo.InvariantCulture)}",
            null, null, Alpha, finding);
    }

    private static string Describe(ComparisonLine l)
    {
        var where = l.Segment is null ? "over all traffic" : $"in segment {l.Segment}";
        var p = l.PValue is { } pv ? $", {(l.Test == ZTest ? "z" : "t")} = {F(l.Statistic!.Value, "0.##")}, p = {pv.ToString("G3", CultureInfo.InvariantCulture)}" : "";
        return $"{l.Dimension} {l.Finding} {where}: {Value(l.Dimension, l.Candidate)} vs {Value(l.Dimension, l.Current)}{p}";
    }

    private static string Value(string dimension, double? v) => v is not { } x ? "n/a"
        : dimension switch
        {
            "latency" => F(x, "0.#") + " ms",
            "value" => F(x, "0.####") + " per request",
            "fairness" => F(x * 100, "0.#") + " points",
            _ => F(x * 100, "0.##") + "%",
        };

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
