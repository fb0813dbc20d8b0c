using Fleet.Monitoring.Incidents;
using Fleet.Registry;
using Fleet.Runs;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;
using Xunit;

namespace Fleet.Tests.Worlds;

/// <summary>
/// A run is its own world on a real Orleans cluster: two runs of one scenario and another fleet in the live world,
/// all at once, give the digests each gives alone, and no model, alert, incident or clock crosses worlds.
/// </summary>
public sealed class WorldIsolationTests : IAsyncLifetime
{
    private readonly TempSqliteFile _file = new();
    private FleetTestCluster _fleet = null!;

    public async Task InitializeAsync() => _fleet = await FleetTestCluster.StartAsync(_file.Path, "fleet-worlds-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        _file.Dispose();
    }

    private ScenarioRun Run(string yaml, string world) =>
        new(ScenarioLoader.Parse(yaml), new RunOptions { RunId = world }, new GrainFleetSink(_fleet.Client, world));

    [Fact]
    public async Task Two_runs_of_one_scenario_beside_the_live_fleet_give_the_digests_each_gives_alone_and_share_nothing()
    {
        // Alone: each scenario in a world of its own, one after the other.
        var outageAlone = Run(WorldScenarios.Outage, "alone-outage");
        await outageAlone.RunAsync(CancellationToken.None);
        var otherAlone = Run(WorldScenarios.Other, "alone-other");
        await otherAlone.RunAsync(CancellationToken.None);
        Assert.NotEmpty(outageAlone.Transitions); // the digests below hash something
        Assert.NotEmpty(otherAlone.Transitions);
        Assert.True(outageAlone.AlertChanges > 0);

        // At once: the same scenario twice (same model ids) and the other fleet as the live one.
        var teamA = Run(WorldScenarios.Outage, "team-a");
        var teamB = Run(WorldScenarios.Outage, "team-b");
        var live = new ScenarioRun(ScenarioLoader.Parse(WorldScenarios.Other), new RunOptions { RunId = "live-demo" }, new GrainFleetSink(_fleet.Client));
        await Task.WhenAll(
            Task.Run(() => teamA.RunAsync(CancellationToken.None)),
            Task.Run(() => teamB.RunAsync(CancellationToken.None)),
            Task.Run(() => live.RunAsync(CancellationToken.None)));

        Assert.Equal(outageAlone.Transitions, teamA.Transitions);
        Assert.Equal(outageAlone.Digest, teamA.Digest);
        Assert.Equal(outageAlone.Digest, teamB.Digest);
        Assert.Equal(otherAlone.Transitions, live.Transitions);
        Assert.Equal(otherAlone.Digest, live.Digest);

        // Each registry lists its own fleet only: the live one none of the runs' models.
        var outageIds = outageAlone.Models.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        var otherIds = otherAlone.Models.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(otherIds, await IdsIn(World.Live));
        Assert.Equal(outageIds, await IdsIn("team-a"));
        Assert.Equal(outageIds, await IdsIn("team-b"));

        // A model id of the runs names no model in the live world, and one model per run world.
        Assert.Null(await _fleet.Client.Model(World.Live, "recommendations-001").GetSnapshot());
        var a = await _fleet.Client.Model("team-a", "recommendations-001").GetSnapshot();
        var b = await _fleet.Client.Model("team-b", "recommendations-001").GetSnapshot();
        Assert.Equal(a!.History.Select(t => (t.At, t.To)), b!.History.Select(t => (t.At, t.To)));
        Assert.Equal(outageAlone.Transitions.Count(t => t.Model == "recommendations-001"), a.History.Count);

        // Alerts and incidents stay in their world: the runs' books hold their models and no other, each once.
        var bookA = _fleet.Client.AlertBook("team-a");
        var bookB = _fleet.Client.AlertBook("team-b");
        var liveBook = _fleet.Client.AlertBook(World.Live);
        var alertsA = await bookA.Alerts(null);
        Assert.NotEmpty(alertsA);
        Assert.All(alertsA, x => Assert.Contains(x.Model, outageIds));
        Assert.Equal(alertsA.Select(x => (x.Rule, x.Model, x.State, x.Since)), (await bookB.Alerts(null)).Select(x => (x.Rule, x.Model, x.State, x.Since)));
        Assert.All(await liveBook.Alerts(null), x => Assert.Contains(x.Model, otherIds));
        var incidentsA = await bookA.Incidents(null);
        var outage = Assert.Single(incidentsA, i => i.Cause.Kind == IncidentCauseKind.DataSource);
        Assert.Equal(["recommendations-001", "recommendations-002", "recommendations-003"], outage.Models.Order(StringComparer.Ordinal));
        Assert.Equal("oncall", outage.AcknowledgedBy); // the run's acknowledgement reached its own book
        Assert.Equal(incidentsA.Count, (await bookB.Incidents(null)).Count);
        Assert.All(await liveBook.Incidents(null), i => Assert.All(i.Models, m => Assert.Contains(m, otherIds)));

        // Each world keeps its own clock: the runs' books at the outage scenario's end, the live one at the other's.
        Assert.Equal(teamA.End, await bookA.Clock());
        Assert.Equal(teamB.End, await bookB.Clock());
        Assert.Equal(live.End, await liveBook.Clock());
        Assert.NotEqual(teamA.End, live.End);
    }

    [Fact]
    public void A_model_key_names_its_world_and_its_id_and_a_live_key_is_the_bare_id()
    {
        Assert.Equal("fraud-001", World.ModelKey(World.Live, "fraud-001"));
        Assert.Equal("team-a/fraud-001", World.ModelKey("team-a", "fraud-001"));
        Assert.Equal(("team-a", "fraud-001"), World.ParseModelKey("team-a/fraud-001"));
        Assert.Equal((World.Live, "fraud-001"), World.ParseModelKey("fraud-001"));
        Assert.Null(World.Problem("demo-20260105T000000-1"));
        Assert.NotNull(World.Problem("a/b"));
        Assert.NotNull(World.Problem(""));
        Assert.NotNull(World.Problem(new string('w', World.MaxLength + 1)));
        Assert.Equal("my-scenario-", World.NameFrom("my scenario/"));
    }

    private async Task<List<string>> IdsIn(string world) =>
        (await _fleet.Client.Registry(world).Query(new FleetQuery())).Models.Select(m => m.Id).Order(StringComparer.Ordinal).ToList();
}
