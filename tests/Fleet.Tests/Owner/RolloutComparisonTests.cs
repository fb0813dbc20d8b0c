using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Owner;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>
/// A candidate version compared with the registered one on the same traffic, per segment. Expected z values are
/// SciPy's (see <see cref="SignificanceTestsTests"/>): 1,600 of 2,000 against 1,530 of 2,000 gives z = -2.683,
/// p = 0.0073; 4,800 of 6,000 against 4,970 of 6,000 gives z = 3.990, p = 6.6e-5.
/// </summary>
public sealed class RolloutComparisonTests
{
    private static readonly string[] Segments = ["18-24", "25-44", "45+"];

    private static ModelMonitor WithCandidate(RolloutStage stage = RolloutStage.TwentyFivePercent) =>
        TestModels.Monitor(TestModels.Define() with { Candidate = new CandidateVersion("2.0.0", stage) });

    /// <summary>2,000 labelled predictions per segment and version; <paramref name="correct"/> of them right, per segment.</summary>
    private static void Play(ModelMonitor monitor, string? version, int[] correct, int clicksPerSegment = 0)
    {
        for (var s = 0; s < Segments.Length; s++)
        {
            var (p, o) = OwnerEvents.Answered(2000, T0, T0.AddMinutes(1), clicks: clicksPerSegment, correct: correct[s],
                segment: Segments[s], version: version);
            Assert.True(monitor.Apply(Ev.Batch(T0, p)).Result.Accepted);
            Assert.True(monitor.Apply(Ev.Batch(T0.AddMinutes(1), outcomes: o)).Result.Accepted);
        }
    }

    [Fact]
    public void A_version_better_overall_but_worse_for_one_segment_is_held_and_the_segment_named()
    {
        var monitor = WithCandidate();
        Play(monitor, version: null, correct: [1600, 1600, 1600]);     // 80 % everywhere
        Play(monitor, version: "2.0.0", correct: [1530, 1720, 1720]);  // 76.5 %, 86 %, 86 %: 82.8 % overall, gap 9.5 points

        var report = monitor.Rollout()!;

        var quality = report.Overall.Single(l => l.Dimension == "quality");
        Assert.Equal((0.8, 4970 / 6000.0, "better"), (quality.Current!.Value, quality.Candidate!.Value, quality.Finding));
        Assert.Equal(3.9896962360579264, quality.Statistic!.Value, 9);
        var young = report.Segments.Single(l => l.Dimension == "quality" && l.Segment == "18-24");
        Assert.Equal("worse", young.Finding);
        Assert.Equal(-2.6828490668902196, young.Statistic!.Value, 9);
        Assert.Equal(0.007299792706724301, young.PValue!.Value, 12);
        Assert.Equal(0.05 / 3, young.Alpha, 12);                         // Bonferroni over three segments
        Assert.Equal("hold", report.Verdict);
        Assert.Contains(report.Reasons, r => r.Contains("quality worse in segment 18-24: 76.5% vs 80%", StringComparison.Ordinal));
        Assert.Equal("no significant difference", report.Overall.Single(l => l.Dimension == "fairness").Finding);
        // The model's own windows hold the registered version only.
        Assert.Equal(6000, monitor.Snapshot().Windows[WindowSpan.OneHour].Volume);
    }

    [Fact]
    public void A_version_that_opens_a_fairness_gap_beyond_the_limit_is_rolled_back()
    {
        var monitor = WithCandidate();
        Play(monitor, version: null, correct: [1600, 1600, 1600]);
        Play(monitor, version: "2.0.0", correct: [1300, 1900, 1900]);  // 65 %, 95 %, 95 %: better overall, a 30-point gap
        var report = monitor.Rollout()!;
        Assert.Equal("better", report.Overall.Single(l => l.Dimension == "quality").Finding);
        Assert.Equal("worse", report.Overall.Single(l => l.Dimension == "fairness").Finding);
        Assert.Equal("roll back", report.Verdict);
        Assert.Contains(report.Reasons, r => r.StartsWith("quality worse in segment 18-24", StringComparison.Ordinal));
    }

    [Fact]
    public void A_version_worse_over_all_traffic_is_rolled_back_and_a_no_worse_one_promoted()
    {
        var worse = WithCandidate();
        Play(worse, version: null, correct: [1600, 1600, 1600]);
        Play(worse, version: "2.0.0", correct: [1530, 1530, 1530]);
        Assert.Equal("roll back", worse.Rollout()!.Verdict);

        var same = WithCandidate();
        Play(same, version: null, correct: [1600, 1600, 1600], clicksPerSegment: 200);
        Play(same, version: "2.0.0", correct: [1610, 1605, 1600], clicksPerSegment: 200);
        var report = same.Rollout()!;
        Assert.Equal("promote", report.Verdict);
        Assert.All(report.Overall, l => Assert.Equal("no significant difference", l.Finding));
    }

    [Fact]
    public void Too_few_samples_hold_and_a_shadow_candidate_has_no_engagement_to_compare()
    {
        var monitor = WithCandidate(RolloutStage.Shadow);
        var (p, o) = OwnerEvents.Answered(150, T0, T0.AddMinutes(1), clicks: 10, version: "2.0.0");
        var (q, r) = OwnerEvents.Answered(150, T0, T0.AddMinutes(1), clicks: 10);
        monitor.Apply(Ev.Batch(T0, [.. p, .. q]));
        monitor.Apply(Ev.Batch(T0.AddMinutes(1), outcomes: [.. o, .. r]));
        var report = monitor.Rollout()!;
        Assert.Equal("hold", report.Verdict);
        Assert.Equal("too few samples", report.Overall.Single(l => l.Dimension == "quality").Finding);
        Assert.Equal("not observable", report.Overall.Single(l => l.Dimension == "engagement").Finding);
    }

    [Fact]
    public void A_prediction_of_an_undeclared_version_is_refused_naming_its_field()
    {
        var monitor = WithCandidate();
        var refused = monitor.Apply(Ev.Batch(T0, [OwnerEvents.Prediction(T0, version: "9.9")]));
        Assert.Equal("predictions[0].version", refused.Result.Error!.Field);
        Assert.Contains("neither the registered version '1.0.0' nor the candidate '2.0.0'", refused.Result.Error.Reason);
    }

    [Fact]
    public void Promoting_the_candidate_ends_the_comparison()
    {
        var monitor = WithCandidate();
        Play(monitor, version: "2.0.0", correct: [1600, 1600, 1600]);
        monitor.Redefine(monitor.Definition with { Version = "2.0.0", Candidate = null });
        Assert.Null(monitor.Rollout());
        Assert.Null(monitor.State.Owner.Rollout);
    }
}
