using Fleet.Monitoring.Incidents;
using Fleet.Monitoring.Levels;
using Fleet.Registry;
using Fleet.Snapshots;

namespace Fleet.Dashboard.Reviews;

/// <summary>
/// Puts a <see cref="FleetReview"/> together: every matching model's own review (the numbers of its windows and readings)
/// and the world's incidents that touched them. The API, the schedule and the tests all build reviews here.
/// </summary>
public static class ReviewAssembler
{
    // Models asked at once: a fleet of thousands is reviewed in slices, not with one call each in flight.
    private const int Slice = 64;

    public static async Task<FleetReview> BuildAsync(IGrainFactory grains, string world, ReviewPeriod period, string? team, string? owner)
    {
        var view = await grains.Registry(world).Query(new FleetQuery(Owner: owner, Team: team));
        var reviews = new List<ModelReview>(view.Models.Count);
        foreach (var slice in view.Models.Chunk(Slice))
        {
            var answers = await Task.WhenAll(slice.Select(m => grains.Model(world, m.Id).GetReview(period)));
            reviews.AddRange(answers.OfType<ModelReview>());
        }
        var incidents = await grains.AlertBook(world).Incidents(null);
        return Compose(period, team, owner, reviews, incidents);
    }

    /// <summary>The review of <paramref name="reviews"/>, worst level first, with the incidents that touched those models in the period.</summary>
    public static FleetReview Compose(ReviewPeriod period, string? team, string? owner, IEnumerable<ModelReview> reviews, IEnumerable<IncidentView> incidents)
    {
        var models = reviews.OrderByDescending(r => r.Level).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var from = models.Select(m => m.From).Min();
        var to = models.Select(m => m.To).Max();
        var ids = models.Select(m => m.Id).ToHashSet();
        var touched = from is { } start && to is { } end
            ? incidents.Where(i => i.Models.Any(ids.Contains) && i.Milestones.ImpactStarted <= end && !(i.Milestones.Resolved < start))
                .OrderBy(i => i.Milestones.ImpactStarted).Select(Incident).ToList()
            : [];
        return new FleetReview(period, team, owner, from, to, Totals(models, touched), touched, models);
    }

    private static ReviewIncident Incident(IncidentView i) => new(i.Id, i.Title, i.Severity, i.Open, i.Models,
        i.Milestones.ImpactStarted, i.Milestones.Detected, i.Milestones.Mitigated, i.Milestones.Resolved,
        i.Milestones.TimeToDetect.TotalMinutes, i.Milestones.TimeToMitigate?.TotalMinutes);

    private static ReviewTotals Totals(IReadOnlyList<ModelReview> models, IReadOnlyList<ReviewIncident> incidents)
    {
        double? Sum(string measure) => models.Select(m => m.Lines.FirstOrDefault(l => l.Measure == measure)?.Current)
            .OfType<double>().Aggregate((double?)null, (total, v) => (total ?? 0) + v);
        var below = models.Where(m => m.Maturity?.Stands is "launch" or "below launch").Select(m => m.Id).ToList();
        var down = models.Where(m => m.Maturity?.Trend == "worse" || m.Lines.Any(l => l.Dimension == "quality" && l.Trend == "worse"))
            .Select(m => m.Id).ToList();
        var gaps = models.Where(m => m.Gaps is { Count: > 0 }).Select(m => $"{m.Id}: {string.Join(", ", m.Gaps!)}").ToList();
        var overdue = models.Where(m => m.Gaps?.Contains(GovernanceGaps.RetrainingOverdue) == true).Select(m => m.Id).ToList();
        var mitigated = incidents.Select(i => i.MinutesToMitigate).OfType<double>().ToList();
        return new ReviewTotals(models.Count, below, down, gaps, overdue, Sum("value"), Sum("cost"), incidents.Count,
            incidents.Count == 0 ? null : incidents.Average(i => i.MinutesToDetect), mitigated.Count == 0 ? null : mitigated.Average());
    }
}
