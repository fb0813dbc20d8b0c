namespace Fleet.Dashboard.Metrics;

/// <summary>
/// The instruments Fleet exports, under their OpenTelemetry names (the scrape writes them with '_' for '.', and
/// counters with '_total'). One home: the instruments, the tests and the README's series list read these.
/// </summary>
public static class MetricNames
{
    /// <summary>Fleet's own meter (ingest), also the meter of the fleet's state gauges.</summary>
    public const string Meter = "Fleet";

    /// <summary>Orleans' meter: its activation counts are exported; its storage write latencies are re-recorded in seconds.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// .NET's own meter (GC pauses, thread pool, exceptions, CPU): what tells a slow answer waiting on the runtime from
    /// one waiting on Fleet (a thread-pool queue that grows while the CPU idles is threads blocked, not work).
    /// </summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// The runtime's gauges left out: fixed or nearly (assemblies, CPUs, timers), and named "*_count" in the scrape,
    /// which Prometheus keeps for histograms and summaries (promtool check metrics refuses them).
    /// </summary>
    public static readonly IReadOnlySet<string> RuntimeDropped =
        new HashSet<string>(["dotnet.assembly.count", "dotnet.process.cpu.count", "dotnet.timer.count"], StringComparer.Ordinal);

    public const string Models = "fleet.models";
    public const string ModelsExported = "fleet.models.exported";
    public const string ModelInfo = "fleet.model.info";
    public const string ModelLevel = "fleet.model.level";
    public const string ModelQuality = "fleet.model.quality";
    public const string ModelLatency = "fleet.model.latency";
    public const string ModelLatencyLimit = "fleet.model.latency_limit";
    public const string ModelErrorRate = "fleet.model.error_rate";
    public const string ModelTimeoutRate = "fleet.model.timeout_rate";
    public const string ModelFallbackRate = "fleet.model.fallback_rate";
    public const string ModelDriftShare = "fleet.model.drift_share";
    public const string AlertsFiring = "fleet.alerts.firing";
    public const string IncidentsOpen = "fleet.incidents.open";

    public const string IngestBatches = "fleet.ingest.batches";
    public const string IngestEvents = "fleet.ingest.events";
    public const string IngestRefusals = "fleet.ingest.refusals";
    public const string IngestDuration = "fleet.ingest.duration";
    public const string StorageWriteDuration = "fleet.storage.write.duration";
    public const string StorageCommitDuration = "fleet.storage.commit.duration";
    public const string StorageQueueWait = "fleet.storage.queue.wait";

    /// <summary>Orleans' activations per grain type (Fleet's own and Orleans' system grains).</summary>
    public const string OrleansActivations = "orleans-catalog-activations";


    /// <summary>The per-model instruments, whose series count grows with the fleet (bounded by <see cref="MetricsOptions.MaxModels"/>).</summary>
    public static readonly IReadOnlySet<string> PerModel = new HashSet<string>(StringComparer.Ordinal)
    {
        ModelInfo, ModelLevel, ModelQuality, ModelLatency, ModelLatencyLimit, ModelErrorRate, ModelTimeoutRate, ModelFallbackRate, ModelDriftShare,
    };
}
