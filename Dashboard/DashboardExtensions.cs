using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Dashboard.Hubs;
using Fleet.Dashboard.Limits;
using Fleet.Dashboard.Security;
using Fleet.Dashboard.Metrics;
using Fleet.Dashboard.Worlds;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace Fleet.Dashboard;

/// <summary>Adds Fleet's API, SignalR hub and page to any ASP.NET Core host that can reach the cluster.</summary>
public static class DashboardExtensions
{
    public static IServiceCollection AddFleetDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardOptions>(configuration.GetSection("Fleet:Dashboard"));
        services.Configure<IngestOptions>(configuration.GetSection("Fleet:Ingest"));
        services.ConfigureHttpJsonOptions(o => FleetJson.Configure(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => FleetJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<ModelWatchers>();
        services.AddSingleton<WorldViewers>();
        services.AddSingleton<WorldDirectory>();
        services.AddSingleton<KnownModels>();
        services.AddHostedService<FleetBroadcaster>();
        services.TryAddSingleton(TimeProvider.System); // a host (a test) may bring its own clock
        services.AddFleetSecurity(configuration);
        services.AddFleetMetrics(configuration);
        services.AddFleetLimits(configuration);
        return services;
    }

    /// <summary>
    /// Maps the page, the API and the hub; <paramref name="mapMore"/> adds the host's own routes (the Orleans
    /// runtime dashboard) under the same access rules. Every route gets its role from <see cref="RouteAccessTable"/>.
    /// </summary>
    public static WebApplication MapFleetDashboard(this WebApplication app, Action<IEndpointRouteBuilder>? mapMore = null)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardExtensions).Assembly, "Fleet.Dashboard.wwwroot");
        app.UseErrorBodies();
        app.UseFleetSecurity(publicFiles: a =>
        {
            a.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            a.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        });
        app.UseMiddleware<RouteTextCheck>();
        var routes = app.MapGroup("");
        ((IEndpointConventionBuilder)routes).Add(RouteAccessTable.Apply);
        // The routes that read or act on one world's models, alerts and incidents take ?world= (default: live).
        var inWorld = routes.MapGroup("").RequireKnownWorld();
        inWorld.MapFleetApi();
        inWorld.MapModelActionsApi();
        inWorld.MapRolloutApi();
        inWorld.MapReviewsApi();
        inWorld.MapModelAdminApi();
        inWorld.MapAlertsApi();
        inWorld.MapIncidentReportApi();
        routes.MapCatalogueApi();
        routes.MapReviewHistoryApi();
        routes.MapRunsApi();
        routes.MapRunReportApi();
        routes.MapRecordingsApi();
        routes.MapExercisesApi();
        routes.MapExerciseReportApi();
        routes.MapWorldsApi();
        routes.MapSessionApi();
        routes.MapKeysApi();
        routes.MapHub<FleetHub>(FleetHub.Path);
        routes.MapFleetMetrics();
        mapMore?.Invoke(routes);
        return app;
    }
}
