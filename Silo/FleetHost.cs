using Fleet.Dashboard;
using Fleet.Dashboard.Reviews;
using Fleet.Dashboard.Security;
using Fleet.Exercises;
using Fleet.Runs;
using Fleet.Silo.Exercises;
using Fleet.Recordings;
using Fleet.Silo.Recordings;
using Fleet.Silo.Runs;
using Fleet.Silo.Security;
using Fleet.Silo.Storage;
using Fleet.Silo.Storage.Runs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Fleet.Silo;

/// <summary>
/// Builds the Fleet host: an Orleans silo on the configured store, with the dashboard (API, SignalR,
/// page) co-hosted in the same process; or, with Fleet:Role=Dashboard, the dashboard alone on an Orleans
/// client (<see cref="DashboardOnlyHost"/>). Tests build it too, on their own file and ports.
/// </summary>
public static class FleetHost
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        FleetLogging.UseQuietDefaults(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        configure?.Invoke(builder);

        var storage = builder.Configuration.GetSection("Fleet:Storage").Get<FleetStorageOptions>() ?? new FleetStorageOptions();
        var silo = builder.Configuration.GetSection("Fleet:Silo").Get<FleetSiloOptions>() ?? new FleetSiloOptions();
        if (builder.Configuration.GetValue("Fleet:Role", FleetHostRole.Silo) == FleetHostRole.Dashboard)
            return DashboardOnlyHost.Build(builder, storage, silo);
        builder.Services.AddOptions<ModelGrainOptions>().Bind(builder.Configuration.GetSection("Fleet:Models")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ModelGrainOptions>, ModelGrainOptionsValidation>();
        builder.UseOrleans(orleans =>
        {
            orleans.UseFleetStorage(storage);
            if (storage.Provider == StorageProvider.Sqlite)
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            else
                orleans.Configure<ClusterOptions>(o => { o.ClusterId = silo.ClusterId; o.ServiceId = silo.ServiceId; })
                       .ConfigureClusterEndpoints(silo);
            // The runtime view (silos, activations, call rates), mounted behind the admin role below.
            orleans.AddDashboard(o => o.HideTrace = true);
            orleans.AddGrainService<RunHost>();
        });
        builder.Services.AddFleetDashboard(builder.Configuration);
        AddKeys(builder, storage, silo);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, FirstAdminKey>();
        builder.Services.Configure<SimulationOptions>(builder.Configuration.GetSection("Fleet:Simulation"));
        builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection("Fleet:Demo"));
        builder.Services.AddSingleton(new SqlRunJournal(storage, silo.ServiceId));
        builder.Services.AddSingleton<RunCoordinator>();
        builder.Services.AddSingleton<RunHostClient>();
        builder.Services.AddSingleton<IRunControl, ClusterRunControl>();
        builder.Services.AddHostedService<RunAdopter>();
        builder.Services.AddHostedService<DemoRunner>();
        builder.Services.AddSingleton<IExerciseStore>(services => new SqlExerciseStore(storage, silo.ServiceId, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DecisionWatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DecisionWatcher>()); // after RunAdopter: the team runs are adopted first
        builder.Services.AddSingleton<IExerciseControl, ExerciseCoordinator>();
        AddRecordings(builder, storage, silo);
        builder.Services.Configure<ReviewScheduleOptions>(builder.Configuration.GetSection("Fleet:Reviews"));
        builder.Services.AddSingleton<ReviewSchedule>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReviewSchedule>());

        var app = builder.Build();
        app.MapFleetDashboard(routes => routes.MapOrleansDashboard(RouteAccessTable.RuntimeDashboardPath));
        FleetLogging.AnnounceStart(app, storage);
        return app;
    }

    private static void AddRecordings(WebApplicationBuilder builder, FleetStorageOptions storage, FleetSiloOptions silo)
    {
        builder.Services.Configure<RecordingOptions>(builder.Configuration.GetSection("Fleet:Recordings"));
        builder.Services.AddSingleton(new SqlRecordingStore(storage, silo.ServiceId));
        builder.Services.AddSingleton<RecordingImporter>();
        builder.Services.AddSingleton<RecordingLibrary>();
        builder.Services.AddSingleton<RecordingService>();
        builder.Services.AddSingleton<IRecordingControl>(services => services.GetRequiredService<RecordingService>());
        builder.Services.AddHostedService<RecordingWatcher>();
    }

    /// <summary>Listens on every interface and advertises the configured address, or the host name's first one.</summary>
    private static ISiloBuilder ConfigureClusterEndpoints(this ISiloBuilder orleans, FleetSiloOptions silo) =>
        string.IsNullOrWhiteSpace(silo.AdvertisedAddress)
            ? orleans.ConfigureEndpoints(silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true)
            : orleans.ConfigureEndpoints(System.Net.IPAddress.Parse(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true);

    /// <summary>
    /// The keys table, the session cookies' keys and the kept reviews; silos and dashboard-only hosts share them through
    /// the database.
    /// </summary>
    internal static void AddKeys(WebApplicationBuilder builder, FleetStorageOptions storage, FleetSiloOptions silo)
    {
        builder.Services.AddSingleton<IApiKeyStore>(new SqlApiKeyStore(storage, silo.ServiceId));
        builder.Services.AddSingleton<IReviewStore>(new SqlReviewStore(storage, silo.ServiceId));
        builder.Services.Configure<FleetAuthOptions>(builder.Configuration.GetSection("Fleet:Auth"));
        // Standard error: standard output may be a stream of JSON log lines (Logging:Console:FormatterName=json).
        builder.Services.TryAddSingleton(new OperatorConsole(Console.Error));
        // Session cookies and anti-forgery tokens are sealed with keys kept in the database, so a signed-in page
        // survives a restart and is signed in on every silo and dashboard host of the service.
        builder.Services.AddDataProtection().SetApplicationName("Fleet");
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new SqlXmlRepository(storage, silo.ServiceId));
    }
}
