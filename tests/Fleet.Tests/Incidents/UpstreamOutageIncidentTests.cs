using Fleet.Monitoring.Alerts;
using Fleet.Monitoring.Incidents;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Fleet.Tests.Core;
using Fleet.Tests.Scenarios;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Incidents;

/// <summary>
/// Alerting driven by the simulator through the real grains: the shipped upstream-outage scenario
/// (a shared feature service fails under 50 models) opens one fleet incident, not fifty pages.
/// </summary>
public sealed class UpstreamOutageIncidentTests
{
    [Fact]
    public async Task An_upstream_outage_that_hits_fifty_models_opens_one_incident_named_after_the_shared_source()
    {
        using var file = new TempSqliteFile();
        await using var cluster = await FleetTestCluster.StartAsync(file.Path, $"incident-{Guid.NewGuid():N}");
        var scenario = ScenarioLoader.LoadFile(Path.Combine(ShippedScenarioTests.Root(), "scenarios", "upstream-outage.yaml"));
        // The outage starts at 30 m; 20 minutes after it is enough to see every model fall and be grouped.
        var run = new ScenarioRun(scenario, new RunOptions { RunId = "outage", Until = TimeSpan.FromMinutes(50) },
            new GrainFleetSink(cluster.Client));

        await run.RunAsync(CancellationToken.None);

        var book = cluster.Client.AlertBook(World.Live);
        var incidents = await book.Incidents(open: null);
        var outage = Assert.Single(incidents, i => i.Cause.Kind == IncidentCauseKind.DataSource && i.Cause.Values.Contains("user-profile"));
        Assert.Equal(50, outage.Models.Count);
        Assert.All(outage.Models, m => Assert.True(m.StartsWith("recommendations-") || m.StartsWith("churn-") || m.StartsWith("support-"), m));
        Assert.Contains("user-profile", outage.Title);
        // The models that do not read user-profile raised nothing that joined it, and nothing of their own.
        Assert.DoesNotContain(incidents.SelectMany(i => i.Models), m => m.StartsWith("fraud-") || m.StartsWith("spam-"));
        // Milestones in event time: the impact starts no earlier than the outage, detection follows it.
        var outageStart = run.Start + TimeSpan.FromMinutes(30);
        Assert.InRange(outage.Milestones.ImpactStarted, outageStart, outageStart + TimeSpan.FromMinutes(10));
        Assert.True(outage.Milestones.Detected >= outage.Milestones.ImpactStarted);
        Assert.Equal(AlertSeverity.Page, outage.Severity);

        var firing = await book.Alerts(new AlertFilter(State: AlertState.Firing));
        Assert.Equal(50, firing.Where(a => a.IncidentId == outage.Id).Select(a => a.Model).Distinct().Count());

        // One acknowledgement covers the whole incident, and it is durable in the book.
        Assert.True(await book.Acknowledge(outage.Id, "platform-oncall"));
        var acknowledged = (await book.Incidents(open: null)).Single(i => i.Id == outage.Id);
        Assert.Equal("platform-oncall", acknowledged.AcknowledgedBy);
        Assert.NotNull(acknowledged.Milestones.Acknowledged);
    }
}
