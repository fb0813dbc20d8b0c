using Fleet.Catalogue;
using Fleet.Dashboard.Reports.Rendering;
using Fleet.Dashboard.Reviews;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Monitoring.Owner;
using Fleet.Snapshots;
using Fleet.Tests.Core;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Owner;

/// <summary>
/// The reviews' sections worked by hand: the month before's quality, the maturity curve and baseline uplift, fairness by
/// segment over the period, rollouts with their verdicts, value and cost, incidents with their times to detect and
/// mitigate, the calendar of the schedule and the HTML file.
/// </summary>
public sealed class ReviewSectionsTests
{
    private static void Play(ModelMonitor monitor, DateTimeOffset at, int n, int correct, string segment = "all", int conversions = 0,
        double valueEach = 0, string? version = null)
    {
        var (p, o) = OwnerEvents.Answered(n, at, at.AddMinutes(1), conversions: conversions, valueEach: valueEach, correct: correct,
            segment: segment, version: version);
        Assert.True(monitor.Apply(Ev.Batch(at, p)).Result.Accepted);
        Assert.True(monitor.Apply(Ev.Batch(at.AddMinutes(1), outcomes: o)).Result.Accepted);
    }

    private static Dictionary<string, ReviewLine> Lines(ModelReview review) => review.Lines.ToDictionary(l => l.Measure);

    [Fact]
    public void The_monthly_review_reads_the_month_befores_quality_and_error_rate_from_the_owners_days()
    {
        var monitor = TestModels.Monitor();
        Play(monitor, T0.AddDays(-40), n: 1000, correct: 800);
        var failing = Enumerable.Range(0, 100).Select(_ => OwnerEvents.Prediction(T0.AddDays(-40), error: true)).ToList();
        monitor.Apply(Ev.Batch(T0.AddDays(-40), failing));
        Play(monitor, T0, n: 1000, correct: 900);

        var lines = Lines(ModelReviewBuilder.Build(monitor, ReviewPeriod.Monthly, []));

        Assert.Equal((0.9, 0.8, "better"), (lines["accuracy"].Current!.Value, lines["accuracy"].Previous!.Value, lines["accuracy"].Trend));
        Assert.Equal((0.0, 100 / 1100.0), (lines["error rate"].Current!.Value, lines["error rate"].Previous!.Value));
        Assert.Equal((1000.0, 1100.0), (lines["predictions"].Current!.Value, lines["predictions"].Previous!.Value));
    }

    [Fact]
    public void The_maturity_curve_says_where_the_model_stands_its_least_squares_trend_and_its_uplift_over_the_baseline()
    {
        // Launch 80 %, target 85 %, stretch 90 %; baseline 50 %. Days -6, -3, 0 at 70 %, 80 %, 90 % (1,000 labels each):
        // the week's quality is 80 % (launch reached, not target); slope = 0.2 / 6 = 0.0333 a day; uplift 30 points, 1.6x.
        var monitor = TestModels.Monitor();
        Play(monitor, T0.AddDays(-6), n: 1000, correct: 700);
        Play(monitor, T0.AddDays(-3), n: 1000, correct: 800);
        Play(monitor, T0, n: 1000, correct: 900);

        var maturity = ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []).Maturity!;

        Assert.Equal(0.8, maturity.Current!.Value, 12);
        Assert.Equal("launch", maturity.Stands);
        Assert.Equal(0.2 / 6, maturity.SlopePerDay!.Value, 12);
        Assert.Equal("better", maturity.Trend);
        Assert.Equal((0.3, 1.6), (Math.Round(maturity.BaselineUplift!.Value, 12), Math.Round(maturity.BaselineRatio!.Value, 12)));
        Assert.Equal(7, maturity.Days.Count);
        Assert.Equal([0.7, 0.8, 0.9], maturity.Days.Where(d => d.Samples > 0).Select(d => d.Quality!.Value));
        Assert.Equal(Day0.AddDays(-6), maturity.Days[0].Day);
        Assert.Equal("below launch", MaturityReading.Stands(0.79, TestModels.Standard.Quality, lowerIsBetter: false));
        Assert.Equal("stretch", MaturityReading.Stands(0.05, TestModels.Standard.Quality with { Launch = 0.3, Target = 0.2, Stretch = 0.1 }, lowerIsBetter: true));
    }

    [Fact]
    public void Fairness_by_segment_covers_the_whole_period_and_is_judged_against_the_models_limit()
    {
        var thresholds = TestModels.Standard.With(ThresholdCatalogue.Fairness, new Limit(0.10, WindowSpan.OneDay, 500));
        var monitor = TestModels.Monitor(TestModels.Define(thresholds: thresholds));
        // 18-24: 450 of 500 five days ago and 300 of 500 today = 75 %; 25-44: 900 of 1,000 today = 90 %; 45+: 100 labels only.
        Play(monitor, T0.AddDays(-5), n: 500, correct: 450, segment: "18-24");
        Play(monitor, T0, n: 500, correct: 300, segment: "18-24");
        Play(monitor, T0, n: 1000, correct: 900, segment: "25-44");
        Play(monitor, T0, n: 100, correct: 10, segment: "45+");

        var review = ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []);
        var fairness = review.Fairness!;

        Assert.Equal([("18-24", 0.75, 1000L), ("25-44", 0.9, 1000L), ("45+", 0.1, 100L)],
            fairness.Segments.Select(s => (s.Segment, Math.Round(s.Quality!.Value, 12), s.Samples)));
        Assert.Equal(0.15, fairness.Gap!.Value, 12);      // 45+ has too few labels to count
        Assert.Equal(("over limit", 500L, 0.10), (fairness.Finding, fairness.MinSamples, fairness.Limit!.Value));
        Assert.Equal(0.15, Lines(review)["largest segment gap"].Current!.Value, 12);
    }

    [Fact]
    public void Value_and_cost_of_the_period_are_totals_of_the_registered_versions_traffic()
    {
        var monitor = TestModels.Monitor(TestModels.Define() with { CostPerPrediction = 0.01 });
        Play(monitor, T0, n: 1000, correct: 900, conversions: 100, valueEach: 2.5);

        var lines = Lines(ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []));

        Assert.Equal(250, lines["value"].Current!.Value, 9);   // 100 conversions worth 2.5
        Assert.Equal(10, lines["cost"].Current!.Value, 9);     // 1,000 predictions at 0.01
        Assert.Null(lines["value"].Previous);
        Assert.Equal(0, lines["cost"].Previous!.Value);         // no predictions the week before: nothing spent
    }

    [Fact]
    public void A_promoted_rollout_is_kept_with_its_verdict_and_listed_in_the_reviews_of_its_period()
    {
        var definition = TestModels.Define() with { Candidate = new CandidateVersion("2.0.0", RolloutStage.TwentyFivePercent) };
        var monitor = TestModels.Monitor(definition);
        Play(monitor, T0.AddDays(-1), n: 2000, correct: 1600);
        Play(monitor, T0.AddDays(-1), n: 2000, correct: 1700, version: "2.0.0");
        var running = Assert.Single(ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []).Rollouts);
        Assert.Equal(("2.0.0", "running", null), (running.Candidate, running.Outcome, running.Ended));

        monitor.Redefine(definition with { Version = "2.0.0", Candidate = null });

        var concluded = Assert.Single(monitor.State.Owner.Concluded);
        Assert.Equal(("2.0.0", "promoted", RolloutStage.TwentyFivePercent), (concluded.Candidate, concluded.Outcome, concluded.Stage));
        Assert.Equal(monitor.State.Windows.Watermark, concluded.Ended);
        Assert.Equal(running.Verdict, concluded.Verdict);
        Assert.Equal([concluded], ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []).Rollouts);
        Play(monitor, T0.AddDays(9), n: 10, correct: 10);   // a week and more later, it is no longer of the period
        Assert.Empty(ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []).Rollouts);
    }

    private static IncidentView Incident(string id, string model, DateTimeOffset impact, TimeSpan detect, TimeSpan? mitigate, DateTimeOffset? resolved) =>
        new(id, $"{model} errors", resolved is null, AlertSeverity.Page, new IncidentCause(IncidentCauseKind.Model, [model]), [], [model],
            new IncidentMilestones(impact, impact + detect, null, impact + mitigate, resolved), null, null, null, []);

    [Fact]
    public void A_review_lists_the_incidents_of_its_models_in_the_period_with_their_times_to_detect_and_mitigate()
    {
        var monitor = TestModels.Monitor(TestModels.Define(id: "m-1"));
        Play(monitor, T0, n: 10, correct: 10);
        var review = ModelReviewBuilder.Build(monitor, ReviewPeriod.Weekly, []);
        IncidentView[] incidents =
        [
            Incident("INC-0001", "m-1", T0.AddHours(-2), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30), T0.AddHours(-1)),
            Incident("INC-0002", "m-1", T0.AddDays(-3), TimeSpan.FromMinutes(2), null, null),             // still open
            Incident("INC-0003", "m-1", T0.AddDays(-20), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), T0.AddDays(-19)), // before the week
            Incident("INC-0004", "other", T0.AddHours(-2), TimeSpan.FromMinutes(1), null, null),        // not a reviewed model
        ];

        var fleet = ReviewAssembler.Compose(ReviewPeriod.Weekly, "team-a", null, [review], incidents);

        Assert.Equal(["INC-0002", "INC-0001"], fleet.Incidents.Select(i => i.Id));
        var first = fleet.Incidents[1];
        Assert.Equal((6.0, 30.0), (first.MinutesToDetect, first.MinutesToMitigate!.Value));
        Assert.Null(fleet.Incidents[0].MinutesToMitigate);
        Assert.Equal((2, 4.0, 30.0), (fleet.Totals.Incidents, fleet.Totals.MeanMinutesToDetect!.Value, fleet.Totals.MeanMinutesToMitigate!.Value));
        Assert.Empty(fleet.Totals.BelowTarget);   // 100 %: at stretch
    }

    [Fact]
    public void Governance_gaps_and_overdue_retraining_are_summed_up_above_the_models()
    {
        // Weekly retraining: one model trained 3 days before the review's end, the other 10 days before and without an owner.
        var governed = TestModels.Monitor(TestModels.Define(id: "m-governed", retraining: new RetrainingSchedule(TimeSpan.FromDays(7), T0.AddDays(-3))));
        var lapsed = TestModels.Monitor(TestModels.Define(id: "m-lapsed", owner: null, retraining: new RetrainingSchedule(TimeSpan.FromDays(7), T0.AddDays(-10))));
        Play(governed, T0, n: 10, correct: 10);
        Play(lapsed, T0, n: 10, correct: 10);

        var fleet = ReviewAssembler.Compose(ReviewPeriod.Monthly, null, null,
            [ModelReviewBuilder.Build(governed, ReviewPeriod.Monthly, []), ModelReviewBuilder.Build(lapsed, ReviewPeriod.Monthly, [])], []);

        Assert.Equal(["m-lapsed: no-owner, retraining-overdue"], fleet.Totals.GovernanceGaps);
        Assert.Equal(["m-lapsed"], fleet.Totals.RetrainingOverdue);
        var markdown = MarkdownReport.Render(ReviewDocument.Build(fleet));
        Assert.Contains("Governance gaps: m-lapsed: no-owner, retraining-overdue", markdown);
        Assert.Contains("Retraining overdue: m-lapsed", markdown);
    }

    [Fact]
    public void The_review_as_html_is_one_self_contained_file_that_loads_nothing_and_escapes_names()
    {
        var monitor = TestModels.Monitor(TestModels.Define(name: "<script>alert(1)</script> recs"));
        Play(monitor, T0, n: 1000, correct: 900);
        var fleet = ReviewAssembler.Compose(ReviewPeriod.Monthly, null, null, [ModelReviewBuilder.Build(monitor, ReviewPeriod.Monthly, [])], []);

        var html = HtmlReport.Render(ReviewDocument.Build(fleet));

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; recs", html);
        Assert.Contains("<title>Monthly KPI review: the fleet</title>", html);
        Assert.Contains("<td>quality</td><td>accuracy</td><td>90%</td>", html);
        Assert.Contains("Maturity (accuracy): 90% against launch 80%, target 85%, stretch 90%: stretch", html);
    }

    [Theory]
    [InlineData("monday 08:00", false, "2026-12-03T12:00:00Z", "2026-11-30T08:00:00Z")]   // a Thursday: the Monday before
    [InlineData("monday 08:00", false, "2026-11-30T07:59:00Z", "2026-11-23T08:00:00Z")]   // a minute early: the week before
    [InlineData("monday 08:00", false, "2026-11-30T08:00:00Z", "2026-11-30T08:00:00Z")]   // due on the minute
    [InlineData("Sunday 23:30", false, "2026-11-22T10:00:00Z", "2026-11-15T23:30:00Z")]
    [InlineData("1 08:00", true, "2026-12-01T07:00:00Z", "2026-11-01T08:00:00Z")]
    [InlineData("28 00:00", true, "2026-03-01T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("1 08:00", true, "2026-01-01T07:00:00Z", "2025-12-01T08:00:00Z")]
    public void The_calendar_finds_the_latest_occurrence_due(string text, bool monthly, string now, string due)
    {
        var calendar = ReviewCalendar.Parse(text, monthly, out var problem)!;
        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            calendar.LatestAtOrBefore(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("mondays 08:00", false)]
    [InlineData("1 08:00", false)]
    [InlineData("monday 8am", false)]
    [InlineData("31 08:00", true)]
    [InlineData("monday 08:00", true)]
    public void A_calendar_that_is_not_a_day_and_a_time_is_refused_with_the_reason(string text, bool monthly)
    {
        Assert.Null(ReviewCalendar.Parse(text, monthly, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
