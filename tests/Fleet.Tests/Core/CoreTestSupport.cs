using Fleet.Catalogue;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Fleet.Events;
using Fleet.Models;
using Fleet.Monitoring;
using Fleet.Monitoring.Levels;
using Fleet.Silo;
using Fleet.Silo.Storage;
using Fleet.Snapshots;
using Fleet.Tests.Security;
using Fleet.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Xunit;

namespace Fleet.Tests.Core;

/// <summary>
/// The event time every core test runs on. Nothing here reads the wall clock: a test's "now" is the
/// newest event time it sends (or an AdvanceTo), so no test ever sleeps for logic.
/// </summary>
internal static class Clock
{
    /// <summary>Midnight of an arbitrary day, so minute, hour and day boundaries are easy to hit.</summary>
    public static readonly DateTimeOffset Day0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>10:00:00 on <see cref="Day0"/>.</summary>
    public static readonly DateTimeOffset T0 = Day0.AddHours(10);
}

/// <summary>Builders for prediction and outcome events and batches.</summary>
internal static class Ev
{
    private static long _next;

    /// <summary>A process-wide unique id, so tests sharing a grain or a host never collide.</summary>
    public static string NewId(string prefix = "p") => $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid().ToString("N")[..8]}";

    public static PredictionEvent Prediction(
        DateTimeOffset at, string? id = null, double? score = 0.9, double latencyMs = 10, int servedLevel = 1,
        bool fallback = false, bool error = false, bool timeout = false, IReadOnlyDictionary<string, FeatureValue>? features = null) =>
        new(at, id ?? NewId(), "seg-a", score, latencyMs, servedLevel, fallback, error, timeout, features?.ToRow());

    public static OutcomeEvent Outcome(DateTimeOffset at, string predictionId, double label) => new(at, predictionId, label);

    public static EventBatch Batch(
        DateTimeOffset sentAt, IEnumerable<PredictionEvent>? predictions = null, IEnumerable<OutcomeEvent>? outcomes = null, string? batchId = null) =>
        new(batchId ?? NewId("b"), sentAt, (predictions ?? []).ToList(), (outcomes ?? []).ToList());

    /// <summary><paramref name="n"/> healthy predictions stamped <paramref name="at"/>.</summary>
    public static List<PredictionEvent> Many(
        int n, DateTimeOffset at, double latencyMs = 10, double? score = 0.9, bool error = false, bool timeout = false,
        bool fallback = false) =>
        Enumerable.Range(0, n).Select(_ => Prediction(at, score: score, latencyMs: latencyMs, error: error, timeout: timeout, fallback: fallback)).ToList();

    /// <summary>
    /// Predictions at <paramref name="at"/> and their outcomes at <paramref name="outcomeAt"/>, laid out as a
    /// confusion matrix at decision threshold 0.5: a true positive is score 0.9 / label 1, a false positive
    /// 0.8 / 0, a false negative 0.2 / 1, a true negative 0.1 / 0.
    /// </summary>
    public static (List<PredictionEvent> Predictions, List<OutcomeEvent> Outcomes) Labelled(
        DateTimeOffset at, int tp, int fp, int fn, int tn, DateTimeOffset? outcomeAt = null, double latencyMs = 10)
    {
        var predictions = new List<PredictionEvent>();
        var outcomes = new List<OutcomeEvent>();
        void Add(int count, double score, double label)
        {
            for (var i = 0; i < count; i++)
            {
                var p = Prediction(at, score: score, latencyMs: latencyMs);
                predictions.Add(p);
                outcomes.Add(Outcome(outcomeAt ?? at, p.PredictionId, label));
            }
        }
        Add(tp, 0.9, 1);
        Add(fp, 0.8, 0);
        Add(fn, 0.2, 1);
        Add(tn, 0.1, 0);
        return (predictions, outcomes);
    }
}

/// <summary>Model definitions with thresholds chosen for tests (stated here so expected levels can be read off).</summary>
internal static class TestModels
{
    /// <summary>
    /// Accuracy launch 0.80 / target 0.85 / stretch 0.90 over 1 h (N >= 100), latency P95 200 ms, error and
    /// timeout rate 1 % (5 m, N >= 100), fallback 5 % and coverage 95 % (1 h, N >= 100), no volume floor,
    /// error state at 50 % (5 m, N >= 20), recovery hold 10 minutes with a 10 % margin.
    /// </summary>
    public static readonly Thresholds Standard =
        new Thresholds(new QualityTargets(0.80, 0.85, 0.90, WindowSpan.OneHour, 100), new Hysteresis(TimeSpan.FromMinutes(10), 0.10),
                [.. ThresholdCatalogue.Limits.Select(_ => (Limit?)null)])
            .With(ThresholdCatalogue.LatencyP95, new Limit(200, WindowSpan.FiveMinutes, 100))
            .With(ThresholdCatalogue.ErrorRate, new Limit(0.01, WindowSpan.FiveMinutes, 100))
            .With(ThresholdCatalogue.TimeoutRate, new Limit(0.01, WindowSpan.FiveMinutes, 100))
            .With(ThresholdCatalogue.FallbackRate, new Limit(0.05, WindowSpan.OneHour, 100))
            .With(ThresholdCatalogue.Coverage, new Limit(0.95, WindowSpan.OneHour, 100))
            .With(ThresholdCatalogue.MinVolume, new Limit(0, WindowSpan.OneHour, 0))
            .With(ThresholdCatalogue.ErrorState, new Limit(0.50, WindowSpan.FiveMinutes, 20));

    public static ModelDefinition Define(
        string? id = null, string domain = "document-classification", QualityMetricKind metric = QualityMetricKind.Accuracy,
        double? baseline = 0.5, Thresholds? thresholds = null, string? owner = "owner@example.com", string? team = "team-a",
        RetrainingSchedule? retraining = null, bool noRetraining = false, bool thresholdsSetByOwner = true, string? name = null) =>
        new(id ?? Ev.NewId("model"), name ?? "Test model", domain, owner, team, "1.0.0", metric, baseline, 0.5,
            ["clickstream"], [], noRetraining ? null : retraining ?? new RetrainingSchedule(TimeSpan.FromDays(7), null),
            RolloutStage.Full, null, thresholds ?? Standard, thresholdsSetByOwner);

    public static ModelMonitor Monitor(ModelDefinition? definition = null) =>
        new(definition ?? Define(), new LevelState(), new WindowCheckpoint());
}

/// <summary>Deep comparison of immutable snapshots through their JSON form.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Of(object? value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>
/// A one-silo in-process Orleans cluster with the real grains on Fleet's SQLite storage (the same
/// <see cref="SiloBuilderStorageExtensions.UseFleetStorage"/> the host uses), on a file the caller owns.
/// </summary>
internal sealed class FleetTestCluster : IAsyncDisposable
{
    private FleetTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public IModelGrain Model(string id) => Client.GetGrain<IModelGrain>(id);

    public IFleetRegistryGrain Registry => Client.Registry(World.Live);

    public static async Task<FleetTestCluster> StartAsync(string sqlitePath, string serviceId, TimeSpan? checkpointInterval = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        var storage = new FleetStorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = sqlitePath };
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseFleetStorage(storage);
            if (checkpointInterval is { } interval)
                silo.Services.Configure<ModelGrainOptions>(o => o.CheckpointInterval = interval);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FleetTestCluster(cluster);
    }

    /// <summary>Stops the only silo at once, as a crash would: no deactivation, nothing flushed.</summary>
    public Task KillSiloAsync() => Cluster.KillSiloAsync(Cluster.Silos[0]);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}

/// <summary>A cluster shared by the tests of one class; each test uses its own model ids.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempSqliteFile _file = new();
    private FleetTestCluster? _cluster;

    internal FleetTestCluster Fleet => _cluster ?? throw new InvalidOperationException("cluster not started");

    public async Task InitializeAsync() =>
        _cluster = await FleetTestCluster.StartAsync(_file.Path, "fleet-core-" + Guid.NewGuid().ToString("N"));

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _file.Dispose();
    }
}

/// <summary>
/// The real Fleet host (<see cref="FleetHost.Build"/>): Orleans silo on a temp SQLite file plus the API and
/// SignalR hub, listening on free loopback ports.
/// </summary>
internal sealed class FleetTestHost : IAsyncDisposable
{
    private readonly TempSqliteFile _file;
    private readonly WebApplication _app;

    private FleetTestHost(TempSqliteFile file, WebApplication app, Uri baseAddress)
    {
        _file = file;
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorized(TestKeys.Admin);
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The SQLite file behind the host (the security tests read it raw).</summary>
    public string DatabasePath => _file.Path;

    public HttpClient Http { get; }

    /// <summary>
    /// Lets the tests post events dated on <see cref="Clock.Day0"/> to the live world, whatever today's date: the
    /// server's clock check is tested on a host of its own (<see cref="Safety.LiveClockTests"/>) with the default tolerance.
    /// </summary>
    public const string PastDataArgument = "--Fleet:Ingest:LiveClockTolerance=3650.00:00:00";

    /// <param name="clock">The server's clock (default: the system's).</param>
    /// <param name="pastData">Accept live batches sent days ago (<see cref="PastDataArgument"/>).</param>
    /// <param name="configure">More of the host's set-up, e.g. a log capture.</param>
    /// <param name="settings">More command-line settings (e.g. "--Fleet:Limits:Burst=3").</param>
    public static async Task<FleetTestHost> StartAsync(TimeProvider? clock = null, bool pastData = true,
        Action<WebApplicationBuilder>? configure = null, string[]? settings = null)
    {
        var file = new TempSqliteFile();
        var ports = FreePorts.Take(3);
        var url = $"http://127.0.0.1:{ports[0]}";
        List<string> args =
        [
            $"--urls={url}",
            $"--Fleet:Storage:SqlitePath={file.Path}",
            $"--Fleet:Silo:SiloPort={ports[1]}",
            $"--Fleet:Silo:GatewayPort={ports[2]}",
            "--Fleet:Dashboard:PushInterval=00:00:00.100",
            "--Fleet:Demo:History=00:00:00", // the demo starts at the current minute: no test host plays hours of history
            TestKeys.AdminKeyArgument,
        ];
        if (pastData) args.Add(PastDataArgument);
        args.AddRange(settings ?? []);
        if (clock is not null) args.Add("--Fleet:Demo:Enabled=false"); // the demo would play on the test's clock
        var app = FleetHost.Build(args.ToArray(), builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (clock is not null) builder.Services.AddSingleton(clock);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new FleetTestHost(file, app, new Uri(url));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _file.Dispose();
    }
}

/// <summary>One host for every HTTP and SignalR test (they run one after another in this collection).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public HttpClient Http => Host.Http;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "Fleet host over HTTP";
}

/// <summary>JSON bodies for the HTTP API, written the way a sender would.</summary>
internal static class Api
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static StringContent Body(JsonNode node) => Body(node.ToJsonString());

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    /// <summary>A registration with the owner's own thresholds (latency P95 200 ms over 5 m, N >= 100).</summary>
    public static JsonObject Registration(string domain = "recommendations", string? owner = "ana@example.com", string? team = "discovery") => new()
    {
        ["name"] = "Home page recommendations",
        ["domain"] = domain,
        ["owner"] = owner,
        ["team"] = team,
        ["version"] = "3.2.0",
        ["baseline"] = 0.12,
        ["qualityMetric"] = "relevance",
        ["retraining"] = new JsonObject { ["every"] = "7d", ["lastTrainedAt"] = Iso(Clock.Day0.AddDays(-2)) },
        ["thresholds"] = new JsonObject
        {
            ["quality"] = new JsonObject { ["launch"] = 0.70, ["target"] = 0.80, ["stretch"] = 0.85, ["window"] = "30d", ["minSamples"] = 10000 },
            ["latencyP95Ms"] = new JsonObject { ["value"] = 200, ["window"] = "5m", ["minSamples"] = 100 },
        },
    };

    public static JsonObject Prediction(DateTimeOffset at, string id, double latencyMs = 40, double? score = 0.8) => new()
    {
        ["timestamp"] = Iso(at),
        ["predictionId"] = id,
        ["segment"] = "18-24",
        ["features"] = new JsonObject { ["age"] = 23, ["region"] = "EU" },
        ["score"] = score,
        ["latencyMs"] = latencyMs,
        ["servedLevel"] = 1,
        ["fallback"] = false,
        ["error"] = false,
        ["timeout"] = false,
    };

    public static JsonObject Batch(DateTimeOffset sentAt, IEnumerable<JsonObject> predictions, IEnumerable<JsonObject>? outcomes = null, string? batchId = null) => new()
    {
        ["batchId"] = batchId ?? Ev.NewId("b"),
        ["sentAt"] = Iso(sentAt),
        ["predictions"] = new JsonArray(predictions.Cast<JsonNode>().ToArray()),
        ["outcomes"] = new JsonArray((outcomes ?? []).Cast<JsonNode>().ToArray()),
    };

    public static IEnumerable<JsonObject> Predictions(int n, DateTimeOffset at, double latencyMs = 40) =>
        Enumerable.Range(0, n).Select(_ => Prediction(at, Ev.NewId(), latencyMs));

    /// <summary>The answer's JSON, once its status is the one expected (else the test fails naming the request and the body).</summary>
    public static async Task<JsonNode> Json(HttpResponseMessage answer, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == expected, $"{answer.RequestMessage?.RequestUri}: {answer.StatusCode} (expected {expected}) {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");
}
