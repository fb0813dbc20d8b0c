using Fleet.Models;
using Fleet.Registry;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>
/// The fleet registry as the model grains keep it: listing worst first, filters, counts per level and per
/// governance gap. The tests of this class share one cluster and run one after another, so count changes are
/// measured as differences before/after within a test.
/// </summary>
public sealed class FleetRegistryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private FleetTestCluster Fleet => fixture.Fleet;

    /// <summary>Registers a model and drives it to a level with events at T0: 1 healthy, 3 slow, 5 failing.</summary>
    private async Task<string> ModelAt(DegradationLevel level, string domain, string? owner = "owner@example.com", string? team = "team-a")
    {
        var definition = TestModels.Define(domain: domain, owner: owner, team: team);
        var grain = Fleet.Model(definition.Id);
        await grain.Register(definition);
        var events = level switch
        {
            DegradationLevel.FullAi => Ev.Many(100, T0),
            DegradationLevel.RulesFallback => Ev.Many(100, T0, latencyMs: 900),
            DegradationLevel.ErrorState => Ev.Many(100, T0, error: true),
            _ => throw new ArgumentOutOfRangeException(nameof(level)),
        };
        var result = await grain.Ingest(Ev.Batch(T0, events));
        Assert.Equal((int)level, result.Level);
        return definition.Id;
    }

    [Fact]
    public async Task The_registry_lists_each_model_with_its_level_worst_first()
    {
        var domain = Ev.NewId("domain");
        var healthy = await ModelAt(DegradationLevel.FullAi, domain);
        var slow = await ModelAt(DegradationLevel.RulesFallback, domain);
        var failing = await ModelAt(DegradationLevel.ErrorState, domain);

        var view = await Fleet.Registry.Query(new FleetQuery(Domain: domain));

        Assert.Equal([failing, slow, healthy], view.Models.Select(m => m.Id).ToArray());
        Assert.Equal([DegradationLevel.ErrorState, DegradationLevel.RulesFallback, DegradationLevel.FullAi], view.Models.Select(m => m.Level).ToArray());
        Assert.Equal(["error-state", "error-rate"], view.Models[0].Breaches.ToArray());
        Assert.Equal(T0, view.Models[0].Watermark);
    }

    [Fact]
    public async Task Counts_per_level_cover_the_whole_fleet()
    {
        var before = await Fleet.Registry.Query(new FleetQuery());
        var domain = Ev.NewId("domain");
        await ModelAt(DegradationLevel.FullAi, domain);
        await ModelAt(DegradationLevel.RulesFallback, domain);
        await ModelAt(DegradationLevel.RulesFallback, domain);
        await ModelAt(DegradationLevel.ErrorState, domain);

        var after = await Fleet.Registry.Query(new FleetQuery(Domain: domain)); // a filter narrows the list, not the counts

        Assert.Equal(4, after.Models.Count);
        Assert.Equal(before.Total + 4, after.Total);
        Assert.Equal(new[] { 1, 0, 2, 0, 1 }, Enumerable.Range(1, 5).Select(l => after.CountsByLevel[l] - before.CountsByLevel[l]).ToArray());
        Assert.Equal(after.Total, after.CountsByLevel.Values.Sum());
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public async Task Filters_select_by_domain_owner_team_level_breach_and_gap()
    {
        var domain = Ev.NewId("domain");
        var owner = Ev.NewId("owner") + "@example.com";
        var team = Ev.NewId("team");
        var a = await ModelAt(DegradationLevel.FullAi, domain, owner: owner, team: team);
        var b = await ModelAt(DegradationLevel.RulesFallback, domain, owner: owner);
        var c = await ModelAt(DegradationLevel.ErrorState, domain, owner: null);

        async Task<string[]> Ids(FleetQuery q) => (await Fleet.Registry.Query(q)).Models.Select(m => m.Id).ToArray();

        Assert.Equal([c, b, a], await Ids(new FleetQuery(Domain: domain.ToUpperInvariant())));
        Assert.Equal([b, a], await Ids(new FleetQuery(Owner: owner)));
        Assert.Equal([a], await Ids(new FleetQuery(Team: team)));
        Assert.Equal([b], await Ids(new FleetQuery(Domain: domain, Level: DegradationLevel.RulesFallback)));
        Assert.Equal([b], await Ids(new FleetQuery(Domain: domain, Breached: "latency-p95")));
        Assert.Equal([c], await Ids(new FleetQuery(Domain: domain, Breached: "error-state")));
        Assert.Equal([c], await Ids(new FleetQuery(Domain: domain, Gap: "no-owner")));
        Assert.Empty(await Ids(new FleetQuery(Domain: domain, Level: DegradationLevel.GenericFallback)));
    }

    [Fact]
    public async Task Governance_gaps_flag_no_owner_no_thresholds_and_no_retraining_schedule()
    {
        var before = await Fleet.Registry.Query(new FleetQuery());
        var noOwner = TestModels.Define(owner: " ");
        var defaults = TestModels.Define(thresholdsSetByOwner: false);
        var noSchedule = TestModels.Define(noRetraining: true);

        Assert.Equal(["no-owner"], (await Fleet.Model(noOwner.Id).Register(noOwner)).Gaps.ToArray());
        Assert.Equal(["no-thresholds"], (await Fleet.Model(defaults.Id).Register(defaults)).Gaps.ToArray());
        Assert.Equal(["no-retraining-schedule"], (await Fleet.Model(noSchedule.Id).Register(noSchedule)).Gaps.ToArray());

        var after = await Fleet.Registry.Query(new FleetQuery(Gap: "no-thresholds"));
        Assert.Contains(defaults.Id, after.Models.Select(m => m.Id));
        Assert.DoesNotContain(noOwner.Id, after.Models.Select(m => m.Id));
        foreach (var gap in new[] { "no-owner", "no-thresholds", "no-retraining-schedule" })
            Assert.Equal(1, after.CountsByGap[gap] - before.CountsByGap[gap]);
        Assert.Equal(0, after.CountsByGap["retraining-overdue"] - before.CountsByGap["retraining-overdue"]);
    }

    [Fact]
    public async Task Retraining_is_overdue_by_the_model_event_time_not_the_wall_clock()
    {
        // Trained on 2030-01-01, weekly: the wall clock says "not yet due"; the model's events decide.
        var trained = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var definition = TestModels.Define(retraining: new RetrainingSchedule(TimeSpan.FromDays(7), trained));
        var grain = Fleet.Model(definition.Id);
        Assert.Empty((await grain.Register(definition)).Gaps); // no event yet: no clock to judge by

        await grain.Ingest(Ev.Batch(trained.AddDays(7), Ev.Many(1, trained.AddDays(7))));
        Assert.Empty((await grain.GetSnapshot())!.Gaps); // exactly one period: due, not overdue

        await grain.Ingest(Ev.Batch(trained.AddDays(7).AddSeconds(1), Ev.Many(1, trained.AddDays(7).AddSeconds(1))));
        Assert.Equal(["retraining-overdue"], (await grain.GetSnapshot())!.Gaps.ToArray());
        var view = await Fleet.Registry.Query(new FleetQuery(Gap: "retraining-overdue"));
        Assert.Contains(definition.Id, view.Models.Select(m => m.Id));
    }
}
