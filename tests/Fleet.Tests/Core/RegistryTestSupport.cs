using Fleet.Models;
using Fleet.Registry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Core;

/// <summary>A registry's line, and a one-silo cluster whose Fleet grain storage is the test's own.</summary>
internal static class RegistryTestSupport
{
    public static ModelSummary Line(string id, DegradationLevel level) =>
        new(id, id, "fraud", "owner@example.com", "team-a", level, QualityMetricKind.Accuracy, 0.9, [], [], T0);

    public static async Task<InProcessTestCluster> StartAsync(IGrainStorage storage)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddGrainStorage(StorageNames.Fleet, (_, _) => storage));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
