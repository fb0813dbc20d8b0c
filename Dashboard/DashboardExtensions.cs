using System.Text.Json;
using Fleet.Dashboard.Api;
using Fleet.Dashboard.Hubs;
using Fleet.Dashboard.Metrics;
using Fleet.Dashboard.Worlds;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Fleet.Dashboard;

/// <summary>Adds Fleet's API, SignalR hub and page to any ASP.NET Core host that can reach the cluster.</summary>
public static class DashboardExtensions
{
    public static IServiceCollection AddFleetDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardOptions>(configuration.GetSection("Fleet:Dashboard"));
        services.ConfigureHttpJsonOptions(o => FleetJson.Configure(o.SerializerOptions));
        services.AddSignalR().AddJsonProtocol(o => FleetJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<ModelWatchers>();
        services.AddSingleton<WorldViewers>();
        services.AddSingleton<WorldDirectory>();
        services.AddHostedService<FleetBroadcaster>();
        services.AddSingleton(TimeProvider.System);
        services.AddFleetMetrics(configuration);
        return services;
    }

    public static WebApplication MapFleetDashboard(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardExtensions).Assembly, "Fleet.Dashboard.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        var inWorld = app.MapGroup("").RequireKnownWorld();
        inWorld.MapFleetApi();
        app.MapRunsApi();
        app.MapWorldsApi();
        inWorld.MapModelActionsApi();
        inWorld.MapAlertsApi();
        app.MapHub<FleetHub>(FleetHub.Path);
        app.MapFleetMetrics();
        return app;
    }
}
