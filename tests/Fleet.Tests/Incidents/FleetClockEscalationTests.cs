using Fleet.Models;
using Fleet.Monitoring.Incidents;
using Fleet.Registry;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Incidents;

/// <summary>
/// Escalation through the grains: the alert book's clock is the fleet's event time (a run's ticks, the registry's
/// newest watermark), the ladder it climbed survives a crash, and it climbs on with no alert changing.
/// </summary>
public sealed class FleetClockEscalationTests
{
    private const string Yaml = """
        name: unacknowledged
        seed: 11
        duration: 90m
        fleet:
          - { domain: fraud, count: 1, owner: alice, team: risk, dataSources: [transactions] }
        traffic: { rate: 4, shape: flat, labelDelay: 2m }
        injections:
          - { name: backend-errors, at: 10m, fault: serving-outage, targets: { ids: [fraud-001] }, magnitude: 0.05, duration: 60m }
        """;

    [Fact]
    public async Task The_ladder_climbed_is_durable_and_the_registry_clock_climbs_it_on_without_any_alert_changing()
    {
        using var file = new TempSqliteFile();
        var service = $"fleet-clock-{Guid.NewGuid():N}";
        DateTimeOffset paged;
        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service))
        {
            // 30 minutes: paged at ~11m, on-call due at ~26m, the lead not yet.
            var run = new ScenarioRun(ScenarioLoader.Parse(Yaml), new RunOptions { RunId = "clock", Until = TimeSpan.FromMinutes(30) },
                new GrainFleetSink(fleet.Client));
            await run.RunAsync(CancellationToken.None);
            var book = fleet.Client.AlertBook(World.Live);
            Assert.Equal(run.End, await book.Clock());
            var told = await book.Notifications();
            paged = told.Single(n => n.Kind == NotificationKind.Notify).At;
            var onCall = Assert.Single(told, n => n.Kind == NotificationKind.Escalate);
            Assert.Equal((EscalationRung.PlatformOnCall, paged + TimeSpan.FromMinutes(15)), (onCall.Rung, onCall.At));
            await fleet.KillSiloAsync();
        }

        await using (var fleet = await FleetTestCluster.StartAsync(file.Path, service))
        {
            var book = fleet.Client.AlertBook(World.Live);
            var incident = Assert.Single(await book.Incidents(open: true));
            Assert.Equal(EscalationRung.PlatformOnCall, incident.Rung);

            // Only the clock moves: a model line with a later watermark reaches the registry, which hands its
            // newest watermark to the book every few seconds (the wall clock paces it; the value is event time).
            var later = paged + TimeSpan.FromMinutes(31);
            await fleet.Registry.Upsert(new ModelSummary("clock-probe", "clock-probe", "fraud", "alice", "risk", DegradationLevel.FullAi,
                QualityMetricKind.Accuracy, null, [], [], later));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await book.Clock() < later && DateTime.UtcNow < deadline) await Task.Delay(250);
            Assert.Equal(later, await book.Clock());

            var lead = (await book.Notifications()).Last();
            Assert.Equal((NotificationKind.Escalate, EscalationRung.Lead, paged + TimeSpan.FromMinutes(30)), (lead.Kind, lead.Rung, lead.At));
            Assert.Equal(EscalationRung.Lead, (await book.Incidents(open: true)).Single().Rung);
        }
    }
}
