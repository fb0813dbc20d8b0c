using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Fleet.Tests.Security;
using Fleet.Tests.Storage;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Cluster", end to end on a real PostgreSQL server: two real silo processes and a dashboard-only process
/// (an Orleans client) form one cluster; one silo is killed with SIGKILL under steady HTTP ingest through both.
/// One cluster serves every check, to keep the test short on a small machine.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("fleet-cluster-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private static string[] Settings(TempPostgresSchema db, string clusterId) =>
    [
        "--Fleet:Storage:Provider=PostgreSql",
        $"--Fleet:Storage:PostgresConnectionString={db.ConnectionString}",
        $"--Fleet:Silo:ClusterId={clusterId}",
        // Checkpoints every 2 s, so the kill lands after some checkpoints and log truncations, not only before the first.
        "--Fleet:Models:CheckpointInterval=00:00:02",
    ];

    [Fact]
    public async Task Killing_one_of_two_silos_under_ingest_loses_no_acknowledged_event_and_the_survivors_pages_keep_updating()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var clusterId = "c-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await SiloProcess.StartAsync(Settings(db, clusterId), _workingDirectory);
        await using var b = await SiloProcess.StartAsync(Settings(db, clusterId), _workingDirectory);
        await using var dashboard = await SiloProcess.StartAsync([.. Settings(db, clusterId), "--Fleet:Role=Dashboard"], _workingDirectory);
        Assert.Equal(2, await ClusterMembership.ActiveSilosAsync(db.ConnectionString, clusterId)); // the dashboard host is a client, not a silo

        // Half the models are fed through A, half through B; all are registered through A.
        var throughA = Enumerable.Range(1, 3).Select(i => new IngestSender($"via-a-{i}-{Guid.NewGuid().ToString("N")[..6]}", batchSize: 10)).ToList();
        var throughB = Enumerable.Range(1, 3).Select(i => new IngestSender($"via-b-{i}-{Guid.NewGuid().ToString("N")[..6]}", batchSize: 10)).ToList();
        var senders = throughA.Concat(throughB).ToList();
        foreach (var sender in senders)
            Assert.Equal(HttpStatusCode.OK, (await a.Http.PutAsync($"/api/models/{sender.Model}", Api.Body(Api.Registration(owner: "cluster@example.com")))).StatusCode);
        var forced = senders[0].Model;
        Assert.Equal(HttpStatusCode.Accepted, (await a.Http.PostAsync($"/api/models/{forced}/actions", Api.Body(
            new JsonObject { ["action"] = "force-level", ["level"] = 3, ["by"] = "ana", ["reason"] = "cluster test" }))).StatusCode);
        var silence = await Api.ReadJsonAsync(await b.Http.PostAsync("/api/silences", Api.Body(
            new JsonObject { ["model"] = senders[^1].Model, ["duration"] = "2h", ["by"] = "ana", ["reason"] = "cluster test" })));
        var silenceId = silence["id"]!.GetValue<string>();
        // The pages on B and on the dashboard-only host watch every model, whichever silo's HTTP feeds it.
        await using var pageOnB = await WatchAsync(b.Address, senders);
        await using var pageOnDashboard = await WatchAsync(dashboard.Address, senders);

        using var stop = new CancellationTokenSource();
        var sending = throughA.Select(s => Task.Run(() => s.SendUntilFailureAsync(a.Http, stop.Token)))
            .Concat(throughB.Select(s => Task.Run(() => s.SendUntilFailureAsync(b.Http, stop.Token)))).ToList();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(5) || senders.Any(s => s.AcknowledgedBatches < 15))
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(90), "ingest too slow: " + string.Join(", ", senders.Select(s => s.AcknowledgedBatches)));
            await Task.Delay(100);
        }
        foreach (var sender in throughA) pageOnB.AssertSeen(sender.Model); // B's hub pushed models fed only through A
        // The forced level 3 fires model-degraded (a page), which opens an incident; A acknowledges it, under ingest.
        var incident = await EventuallyAsync(async () => IncidentOf(await Api.ReadJsonAsync(await a.Http.GetAsync("/api/incidents?open=true")), forced),
            () => a.Http.GetStringAsync($"/api/alerts?model={forced}"));
        Assert.Equal(HttpStatusCode.NoContent, (await a.Http.PostAsync($"/api/incidents/{incident}/ack", Api.Body(
            new JsonObject { ["by"] = "acking-operator", ["reason"] = "cluster test" }))).StatusCode);

        a.Kill(); // mid-flight: A's senders still have batches on the wire
        var sinceKill = Stopwatch.StartNew();
        stop.Cancel(); // B's senders stop at their next batch (or at the first one that finds no answer)
        await Task.WhenAll(sending);
        foreach (var s in senders) output.WriteLine($"{s.Model}: {s.AcknowledgedEvents} acknowledged before the kill, {s.UnansweredEvents} unanswered");

        // Recovery: every unanswered batch is taken again through B, and every model answers there.
        foreach (var sender in senders)
        {
            while (!await sender.TryResendUnansweredAsync(b.Http))
            {
                Assert.True(sinceKill.Elapsed < RecoveryLimit, $"{sender.Model} still refused {RecoveryLimit} after the kill:\n{b.Output}");
                await Task.Delay(250);
            }
        }
        foreach (var sender in senders) await sender.SendAsync(b.Http, batches: 3); // ingest goes on through the survivor
        var recovered = sinceKill.Elapsed;
        output.WriteLine($"recovery: every model took ingest again through B {recovered.TotalSeconds:F1} s after the kill");

        foreach (var sender in senders)
        {
            var model = JsonNode.Parse(await SurvivorReadAsync(b, $"/api/models/{sender.Model}", sinceKill))!;
            Assert.Equal(sender.AcknowledgedEvents, model["counters"]!["predictions"]!.GetValue<long>());
            Assert.Equal(sender.AcknowledgedEvents, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
            Assert.Equal("cluster@example.com", model["owner"]!.GetValue<string>());
        }
        var forcedModel = JsonNode.Parse(await SurvivorReadAsync(b, $"/api/models/{forced}", sinceKill))!;
        Assert.Equal(3, forcedModel["level"]!.GetValue<int>());
        Assert.Contains("force-level", await SurvivorReadAsync(b, $"/api/models/{forced}/timeline", sinceKill));
        Assert.Contains(silenceId, await SurvivorReadAsync(b, "/api/silences", sinceKill));
        Assert.Contains("model-degraded", await SurvivorReadAsync(b, $"/api/alerts?state=firing&model={forced}", sinceKill));
        var incidents = await SurvivorReadAsync(b, "/api/incidents?open=true", sinceKill);
        Assert.Contains(incident, incidents);
        Assert.Contains("acking-operator", incidents);

        // Both pages follow the survivor: each model's last acknowledged count reaches them.
        foreach (var page in new[] { pageOnB, pageOnDashboard })
            foreach (var sender in senders)
                await page.WaitForCountAsync(sender.Model, sender.AcknowledgedEvents, TimeSpan.FromSeconds(30));
        var dashboardFleet = await Api.ReadJsonAsync(await dashboard.Http.GetAsync("/api/fleet"));
        foreach (var sender in senders) Assert.Contains(sender.Model, dashboardFleet.ToJsonString());
        Assert.Equal(1, await ClusterMembership.ActiveSilosAsync(db.ConnectionString, clusterId));
    }

    /// <summary>
    /// A read on the survivor: while a grain of the dead silo is not yet placed afresh the answer is a 503 naming
    /// <c>cluster</c> with Retry-After (never a 500), retried until the recovery limit; anything else must be a 2xx.
    /// </summary>
    private static async Task<string> SurvivorReadAsync(SiloProcess survivor, string path, Stopwatch sinceKill)
    {
        while (true)
        {
            using var response = await survivor.Http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
                return body;
            }
            Assert.Contains("\"cluster\"", body);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(sinceKill.Elapsed < RecoveryLimit, $"GET {path} still 503 {RecoveryLimit} after the kill");
            await Task.Delay(250);
        }
    }

    /// <summary>The id of the incident whose JSON names <paramref name="model"/>, wherever the answer nests it.</summary>
    private static string? IncidentOf(JsonNode? node, string model) => node switch
    {
        JsonObject o when o["id"] is JsonValue id && id.ToString().StartsWith("INC-", StringComparison.Ordinal) && o.ToJsonString().Contains(model)
            => id.ToString(),
        JsonObject o => o.Select(p => IncidentOf(p.Value, model)).FirstOrDefault(found => found is not null),
        JsonArray a => a.Select(n => IncidentOf(n, model)).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<Task<string>> explain) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found) return found;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail("not seen in 30 s; " + await explain());
            await Task.Delay(200);
        }
    }

    private static async Task<Page> WatchAsync(Uri address, IEnumerable<IngestSender> senders)
    {
        var page = new Page(new HubConnectionBuilder()
            .WithUrl(new Uri(address, "/hubs/fleet"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestKeys.Admin))
            .WithAutomaticReconnect()
            .Build());
        await page.StartAsync(senders.Select(s => s.Model));
        return page;
    }

    /// <summary>A browser's hub connection watching models: the last "model" snapshot's prediction count of each.</summary>
    private sealed class Page(HubConnection connection) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

        public async Task StartAsync(IEnumerable<string> models)
        {
            connection.On<JsonElement>("model", model =>
                _counts[model.GetProperty("id").GetString()!] = model.GetProperty("counters").GetProperty("predictions").GetInt64());
            await connection.StartAsync();
            foreach (var model in models) await connection.InvokeAsync("WatchModel", model);
        }

        public void AssertSeen(string model) =>
            Assert.True(_counts.TryGetValue(model, out var count) && count > 0, $"no push of {model} with events");

        public async Task WaitForCountAsync(string model, long count, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (!(_counts.TryGetValue(model, out var seen) && seen == count))
            {
                Assert.True(deadline.Elapsed < timeout, $"{model}: the page shows {_counts.GetValueOrDefault(model)} predictions, not {count}");
                await Task.Delay(100);
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
