using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Fleet.Dashboard.Metrics;

/// <summary>
/// Prometheus' /metrics through OpenTelemetry's exporter: Fleet's meter (ingest, the fleet's state, grain state
/// writes), Orleans' activation counts and .NET's runtime meter (GC, thread pool).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddFleetMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Fleet:Metrics");
        services.Configure<MetricsOptions>(section);
        var maxModels = Math.Max(1, section.Get<MetricsOptions>()?.MaxModels ?? new MetricsOptions().MaxModels);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<FleetStateReader>();
        services.AddSingleton<FleetStateMetrics>();
        services.AddSingleton<StorageWriteMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("fleet"))
            .WithMetrics(metrics => metrics
                .AddMeter(MetricNames.Meter, MetricNames.OrleansMeter, MetricNames.RuntimeMeter)
                // Each scrape reads the fleet afresh (the reader makes scrapes arriving together share one read).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
            metrics.AddView(instrument => View(instrument, provider.GetRequiredService<IMeterFactory>(), maxModels)));
        return services;
    }

    /// <summary>
    /// Maps /metrics, reading the fleet's state just before the exporter collects. The one place the route is mapped:
    /// the returned builder takes the endpoint's conventions (e.g. an authorization policy).
    /// </summary>
    public static IEndpointConventionBuilder MapFleetMetrics(this IEndpointRouteBuilder endpoints)
    {
        var reader = endpoints.ServiceProvider.GetRequiredService<FleetStateReader>();
        // Built now so their instruments exist from the first scrape.
        endpoints.ServiceProvider.GetRequiredService<FleetStateMetrics>();
        endpoints.ServiceProvider.GetRequiredService<IngestMetrics>();
        endpoints.ServiceProvider.GetRequiredService<StorageWriteMetrics>();
        return endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                await reader.RefreshAsync(context.RequestAborted);
                await next(context);
            }),
            optionsName: null);
    }

    /// <summary>
    /// Which instruments are exported, and how. A meter made by another host's factory is dropped: the listener
    /// matches meters by name process-wide, and two hosts in one process (the tests) would otherwise report each
    /// other's ingest and activations. Of the runtime, all but three gauges. Of Orleans, only the activations (its storage latencies come through
    /// <see cref="StorageWriteMetrics"/>, in seconds). The per-model gauges may hold three series per exported model.
    /// </summary>
    private static MetricStreamConfiguration? View(Instrument instrument, IMeterFactory host, int maxModels)
    {
        if (instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, host)) return MetricStreamConfiguration.Drop;
        if (instrument.Meter.Name == MetricNames.RuntimeMeter && MetricNames.RuntimeDropped.Contains(instrument.Name)) return MetricStreamConfiguration.Drop;
        if (instrument.Meter.Name == MetricNames.OrleansMeter)
            return instrument.Name == MetricNames.OrleansActivations
                ? new MetricStreamConfiguration { Description = "Activations on this silo, by grain type" }
                : MetricStreamConfiguration.Drop;
        return MetricNames.PerModel.Contains(instrument.Name)
            ? new MetricStreamConfiguration { CardinalityLimit = 3 * maxModels + 1 }
            : null;
    }
}
