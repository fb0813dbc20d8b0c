using Fleet.Dashboard;
using Fleet.Exercises;
using Fleet.Recordings;
using Fleet.Runs;
using Fleet.Silo.Desks;
using Fleet.Silo.Runs;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.Runs;
using Orleans.Configuration;

namespace Fleet.Silo;

/// <summary>
/// The dashboard (API, hub, page) without grains: an Orleans client that finds the cluster's gateways in the
/// PostgreSQL membership table and calls the grains on the silos. It plays no runs but lists, reads and steers the
/// cluster's (<see cref="ClientRunControl"/>); exercises and recordings are asked of a silo the same way
/// (<see cref="ClientExerciseControl"/>, <see cref="ClientRecordingControl"/>); keys and session keys come from the same
/// database as the silos'. The silos install the schema and the first admin key; this host only reads and writes keys.
/// </summary>
internal static class DashboardOnlyHost
{
    public static WebApplication Build(WebApplicationBuilder builder, FleetStorageOptions storage, FleetSiloOptions silo)
    {
        if (storage.Provider != StorageProvider.PostgreSql)
            throw new InvalidOperationException("Fleet:Role=Dashboard joins a cluster through PostgreSQL: set Fleet:Storage:Provider=PostgreSql and its connection string.");
        var connection = storage.GetAdoNetConnection();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => { o.ClusterId = silo.ClusterId; o.ServiceId = silo.ServiceId; })
            .UseAdoNetClustering(o =>
            {
                o.Invariant = connection.Invariant;
                o.ConnectionString = connection.ConnectionString;
            })
            .UseConnectionRetryFilter<UntilTheClusterAnswers>());
        builder.Services.AddFleetDashboard(builder.Configuration);
        FleetHost.AddKeys(builder, storage, silo);
        builder.Services.Configure<SimulationOptions>(builder.Configuration.GetSection("Fleet:Simulation"));
        builder.Services.AddSingleton(new SqlRunJournal(storage, silo.ServiceId));
        builder.Services.AddSingleton<IRunControl, ClientRunControl>();
        builder.Services.AddSingleton<IExerciseControl, ClientExerciseControl>();
        builder.Services.AddSingleton<IRecordingControl, ClientRecordingControl>();

        var app = builder.Build();
        app.MapFleetDashboard();
        FleetLogging.AnnounceStart(app, storage);
        return app;
    }

    /// <summary>A dashboard host may start before any silo: it keeps trying to reach a gateway instead of failing its start.</summary>
    private sealed class UntilTheClusterAnswers : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
