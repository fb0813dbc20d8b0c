using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Fleet.Dashboard.Metrics;
using Fleet.Tests.Core;

namespace Fleet.Tests.Metrics;

/// <summary>
/// GET /metrics on a real host: valid for promtool, per-model values equal to what the API reports for the same
/// model (and to the figures worked by hand from the batch sent), fleet-wide counts equal to the registry's and the
/// alert book's, ingest counted by result and refusal reason, grain state writes and activations reported.
/// </summary>
public sealed class ScrapeTests(MetricsHostFixture fixture) : IClassFixture<MetricsHostFixture>
{
    private MetricsHost Host => fixture.Host;

    /// <summary>This minute, so the batch lies inside the five-minute window of its own clock and of the wall clock.</summary>
    private static readonly DateTimeOffset Now = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private async Task<string> RegisterAsync(string prefix)
    {
        var id = Ev.NewId(prefix);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        return id;
    }

    /// <summary>
    /// 6,000 predictions at one instant (the first 5,000 fit the drift reference, the last 1,000 are judged against it,
    /// drawn alike): latency 10-109 ms, every 25th an error (240: 4 %), every 50th from the 2nd a timeout (120: 2 %),
    /// every 20th from the 3rd answered by a fallback (300: 5 %); and outcomes for the first ten, seven relevant
    /// (relevance 0.7). Errors and timeouts above 1 % over 6,000 requests breach the default limits: level 3.
    /// </summary>
    private static JsonObject BusyBatch()
    {
        var predictions = Enumerable.Range(0, 6000).Select(i =>
        {
            var p = Api.Prediction(Now, $"p{i}", latencyMs: 10 + i % 100);
            p["features"] = new JsonObject { ["age"] = 20 + i % 50, ["region"] = (i % 3) switch { 0 => "EU", 1 => "US", _ => "APAC" } };
            p["error"] = i % 25 == 0;
            p["timeout"] = i % 50 == 1;
            p["fallback"] = i % 20 == 2;
            return p;
        }).ToList();
        var outcomes = Enumerable.Range(0, 10).Select(i => new JsonObject
        {
            ["timestamp"] = Api.Iso(Now), ["predictionId"] = $"p{i}", ["label"] = i < 7 ? 1 : 0,
        });
        return Api.Batch(Now, predictions, outcomes);
    }

    [Fact]
    public async Task A_model_s_series_equal_what_the_api_reports_for_it_and_the_figures_worked_by_hand()
    {
        var id = await RegisterAsync("busy");
        var posted = await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(BusyBatch()));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var samples = await Host.ScrapeUntilAsync(s => s.One("fleet_model_drift_share", ("model", id)) is not null, $"{id}'s drift share");
        var model = await Api.ReadJsonAsync(await Host.Http.GetAsync($"/api/models/{id}"));
        var w5m = model["windows"]!["5m"]!;
        static double Read(JsonNode? node) => node!.GetValue<double>();
        (string, string) Of() => ("model", id);

        Assert.Equal(3, model["level"]!.GetValue<int>());
        Assert.Equal(3, samples.Value("fleet_model_level", Of()));
        Assert.Equal((0.7, 0.7), (Read(model["windows"]!["30d"]!["quality"]), samples.Value("fleet_model_quality", Of())));
        Assert.Equal((0.04, 0.04), (Read(w5m["errorRate"]), samples.Value("fleet_model_error_rate", Of())));
        Assert.Equal((0.02, 0.02), (Read(w5m["timeoutRate"]), samples.Value("fleet_model_timeout_rate", Of())));
        Assert.Equal((0.05, 0.05), (Read(w5m["fallbackRate"]), samples.Value("fleet_model_fallback_rate", Of())));
        foreach (var (percentile, field) in new[] { ("50", "latencyP50"), ("95", "latencyP95"), ("99", "latencyP99") })
        {
            // The API answers in milliseconds, the scrape in seconds: the same sketch read the same way.
            Assert.Equal(Read(w5m[field]) / 1000, samples.Value("fleet_model_latency_seconds", Of(), ("percentile", percentile)), 12);
        }
        // Latencies 10..109 ms evenly: P95 is ~104 ms within the sketch's 1 % relative error.
        Assert.InRange(samples.Value("fleet_model_latency_seconds", Of(), ("percentile", "95")), 0.104 * 0.99, 0.105 * 1.01);
        Assert.Equal(0.2, samples.Value("fleet_model_latency_limit_seconds", Of()), 12);
        Assert.Equal(Read(model["drift"]!["driftedShare"]), samples.Value("fleet_model_drift_share", Of()));
        var info = samples.One("fleet_model_info", Of())!;
        Assert.Equal(("recommendations", "ana@example.com", "discovery", "relevance"), (info["domain"], info["owner"], info["team"], info["quality_metric"]));
        Assert.Equal(FleetStateMetrics.SeriesPerModel, samples.Count(s => s["model"] == id));
    }

    [Fact]
    public async Task The_scrape_passes_promtool_check_metrics()
    {
        var id = await RegisterAsync("lint");
        await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(BusyBatch()));
        await Host.Http.PostAsync("/api/models/nobody-here/events", Api.Body(Api.Batch(Now, Api.Predictions(1, Now))));
        await Host.ScrapeUntilAsync(s => s.One("fleet_model_error_rate", ("model", id)) is not null, $"{id}'s error rate");

        var (exitCode, output) = Promtool.Run("check metrics", await Host.ScrapeTextAsync());

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    [Fact]
    public async Task Fleet_wide_counts_equal_the_registry_s_and_the_alert_book_s()
    {
        var id = await RegisterAsync("paged");
        await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(BusyBatch()));
        // The level-3 model pages (model-degraded fires at once) and opens an incident.
        var samples = await Host.ScrapeUntilAsync(s => s.ValueOrZero("fleet_incidents_open", ("severity", "page")) >= 1, "an open page incident");

        var fleet = await Api.ReadJsonAsync(await Host.Http.GetAsync("/api/fleet"));
        var firing = (await Api.ReadJsonAsync(await Host.Http.GetAsync("/api/alerts?state=firing"))).AsArray();
        var incidents = (await Api.ReadJsonAsync(await Host.Http.GetAsync("/api/incidents?open=true"))).AsArray();
        for (var level = 1; level <= 5; level++)
            Assert.Equal(fleet["countsByLevel"]![level.ToString()]!.GetValue<int>(), samples.Value("fleet_models", ("level", level.ToString())));
        Assert.Equal(fleet["total"]!.GetValue<int>(), samples.Value("fleet_models_exported"));
        foreach (var severity in new[] { "info", "warning", "page" })
        {
            Assert.Equal(firing.Count(a => a!["severity"]!.GetValue<string>() == severity), samples.Value("fleet_alerts_firing", ("severity", severity)));
            Assert.Equal(incidents.Count(i => i!["severity"]!.GetValue<string>() == severity), samples.Value("fleet_incidents_open", ("severity", severity)));
        }
        Assert.Contains(firing, a => a!["rule"]!.GetValue<string>() == "model-degraded" && a["model"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Ingest_is_counted_by_result_and_every_refusal_by_its_reason()
    {
        var id = await RegisterAsync("ingest");
        var before = await Host.ScrapeAsync();
        var predictions = Api.Predictions(3, Now).ToList();
        var batch = Api.Batch(Now, predictions, [new JsonObject { ["timestamp"] = Api.Iso(Now), ["predictionId"] = predictions[0]["predictionId"]!.GetValue<string>(), ["label"] = 1 }]);
        var negative = Api.Batch(Now, [Api.Prediction(Now, Ev.NewId(), latencyMs: -1)]);

        Assert.Equal(HttpStatusCode.OK, (await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(batch.DeepClone()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(batch.DeepClone()))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(negative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body("{"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.PostAsync("/api/models/nobody-here/events", Api.Body(Api.Batch(Now, Api.Predictions(1, Now))))).StatusCode);
        var after = await Host.ScrapeAsync();

        double Delta(string name, params (string, string)[] labels) => after.ValueOrZero(name, labels) - before.ValueOrZero(name, labels);
        Assert.Equal(1, Delta("fleet_ingest_batches_total", ("result", "accepted")));
        Assert.Equal(1, Delta("fleet_ingest_batches_total", ("result", "duplicate")));
        Assert.Equal(3, Delta("fleet_ingest_events_total", ("kind", "prediction")));
        Assert.Equal(1, Delta("fleet_ingest_events_total", ("kind", "outcome")));
        Assert.Equal(1, Delta("fleet_ingest_refusals_total", ("reason", "invalid_latencyMs")));
        Assert.Equal(1, Delta("fleet_ingest_refusals_total", ("reason", "malformed_body")));
        Assert.Equal(1, Delta("fleet_ingest_refusals_total", ("reason", "unknown_model")));
        Assert.Equal(1, Delta("fleet_ingest_duration_seconds_count", ("result", "accepted")));
        Assert.Equal(1, Delta("fleet_ingest_duration_seconds_count", ("result", "duplicate")));
        Assert.Equal(3, Delta("fleet_ingest_duration_seconds_count", ("result", "refused")));
        Assert.Equal(1, Delta("fleet_ingest_duration_seconds_bucket", ("result", "accepted"), ("le", "+Inf")));
        Assert.All(after.Where(s => s.Name == "fleet_ingest_refusals_total"), s => Assert.Contains(s["reason"], RefusalReason.All));
    }

    [Fact]
    public async Task Activations_and_grain_state_writes_are_reported_the_checkpoint_as_state_windows()
    {
        var id = await RegisterAsync("writes");
        await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(Now, Api.Predictions(5, Now))));

        // The windows are checkpointed at most 0.5 s after the batch (this host's CheckpointInterval).
        // Its interval checkpoint is marked as a write no answer waits for: the mark reaches the storage provider through
        // Orleans' persistent state, or this times out.
        var samples = await Host.ScrapeUntilAsync(s => s.ValueOrZero("fleet_storage_write_duration_seconds_count", ("state", "windows")) >= 1
            && s.ValueOrZero("fleet_storage_queue_wait_seconds_count", ("priority", "background")) >= 1, "an interval checkpoint");

        var total = (await Api.ReadJsonAsync(await Host.Http.GetAsync("/api/fleet")))["total"]!.GetValue<int>();
        // Every model registered on this host is still active (nothing has been idle long enough to be collected), and
        // "nobody-here", which other tests post to, is activated to answer that it is not registered.
        Assert.InRange(samples.Value("orleans_catalog_activations", ("grain_type", "model")), total, total + 1);
        Assert.True(samples.Value("fleet_storage_write_duration_seconds_count", ("state", "definition")) >= total);
        Assert.True(samples.Value("fleet_storage_write_duration_seconds_sum", ("state", "windows")) > 0);
        // Every one of those writes went through the host's database writer (SQLite): its groups and their waits are counted.
        var waits = samples.Value("fleet_storage_queue_wait_seconds_count", ("priority", "awaited"))
            + samples.Value("fleet_storage_queue_wait_seconds_count", ("priority", "background"));
        Assert.InRange(samples.Value("fleet_storage_commit_duration_seconds_count"), 1, waits);
        Assert.True(samples.Value("fleet_storage_commit_duration_seconds_sum") > 0);
    }

    [Fact]
    public async Task The_runtime_s_gc_and_thread_pool_series_are_in_a_scrape()
    {
        var samples = await Host.ScrapeUntilAsync(s => s.One("dotnet_gc_pause_time_seconds_total") is not null, "the runtime's meter");

        // A host that answered a scrape has run pool threads and collected at least once (start-up allocates plenty).
        Assert.True(samples.Value("dotnet_process_cpu_time_seconds_total", ("cpu_mode", "user")) > 0);
        Assert.Null(samples.One("dotnet_process_cpu_count")); // left out: "_count" names are for histograms (promtool)
        Assert.InRange(samples.Value("dotnet_thread_pool_thread_count_total"), 1, 10_000);
        Assert.InRange(samples.Value("dotnet_thread_pool_queue_length_total"), 0, 1_000_000);
        Assert.True(samples.Value("dotnet_gc_pause_time_seconds_total") >= 0);
        Assert.NotNull(samples.One("dotnet_gc_collections_total", ("gc_heap_generation", "gen0")));
    }

    [Fact]
    public async Task Every_series_the_Grafana_dashboard_queries_is_in_a_scrape()
    {
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Repo.PathOf("deploy", "grafana", "fleet.json")))!;
        var id = await RegisterAsync("grafana");
        await Host.Http.PostAsync($"/api/models/{id}/events", Api.Body(BusyBatch()));
        await Host.Http.PostAsync("/api/models/nobody-here/events", Api.Body(Api.Batch(Now, Api.Predictions(1, Now))));
        var samples = await Host.ScrapeUntilAsync(s => s.ValueOrZero("fleet_storage_write_duration_seconds_count", ("state", "windows")) >= 1
            && s.One("fleet_model_drift_share", ("model", id)) is not null, "every series of a busy model");
        var names = samples.Select(s => s.Name).ToHashSet();

        var queried = Expressions(dashboard).SelectMany(e => Regex.Matches(e, @"\b(?:fleet|orleans)_[a-zA-Z0-9_]+").Select(m => m.Value)).ToHashSet();

        Assert.Equal("fleet-overview", dashboard["uid"]!.GetValue<string>());
        Assert.True(queried.Count >= 15, $"only {queried.Count} series queried: {string.Join(", ", queried)}");
        Assert.All(queried, name => Assert.True(names.Contains(name), $"the dashboard queries {name}, which no scrape has"));
    }

    /// <summary>Every "expr" of every panel's targets, and the template variables' queries.</summary>
    private static IEnumerable<string> Expressions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "expr" or "definition" && p.Value is JsonValue v ? [v.GetValue<string>()] : Expressions(p.Value)),
        JsonArray a => a.SelectMany(Expressions),
        _ => [],
    };
}
