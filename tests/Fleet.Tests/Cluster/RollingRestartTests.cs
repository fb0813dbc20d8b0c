using System.Diagnostics;
using System.Net;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Fleet.Tests.Storage;
using Xunit.Abstractions;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Operations: PostgreSQL cluster", adding and removing silos: a three-silo cluster of real processes on a
/// real PostgreSQL server is restarted one silo at a time (SIGTERM, then a new process) while models take HTTP
/// ingest through whichever silos are up.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("fleet-rolling-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Fact]
    public async Task A_rolling_restart_of_three_silos_under_ingest_loses_no_acknowledged_event()
    {
        await using var db = await TempPostgresSchema.CreateAsync();
        var clusterId = "r-" + Guid.NewGuid().ToString("N")[..8];
        string[] settings =
        [
            "--Fleet:Storage:Provider=PostgreSql", $"--Fleet:Storage:PostgresConnectionString={db.ConnectionString}",
            $"--Fleet:Silo:ClusterId={clusterId}", "--Fleet:Models:CheckpointInterval=00:00:02",
        ];
        var everyProcess = new List<SiloProcess>(); // disposed at the end: a stopped silo's client may still be in a sender's hands
        try
        {
            var live = new SiloProcess[3];
            for (var i = 0; i < live.Length; i++) everyProcess.Add(live[i] = await SiloProcess.StartAsync(settings, _workingDirectory));
            var senders = Enumerable.Range(1, 4).Select(i => new IngestSender($"rolling-{i}-{Guid.NewGuid().ToString("N")[..6]}", batchSize: 10)).ToList();
            foreach (var sender in senders)
                Assert.Equal(HttpStatusCode.OK, (await live[0].Http.PutAsync($"/api/models/{sender.Model}", Api.Body(Api.Registration()))).StatusCode);

            using var stop = new CancellationTokenSource();
            var feeding = senders.Select((sender, n) => Task.Run(() => FeedAsync(sender, () => Volatile.Read(ref live)[n % 3].Http, stop.Token))).ToList();
            await WhileAcknowledgedGrowsAsync(senders, by: 5);
            for (var i = 0; i < live.Length; i++)
            {
                var leaving = live[i];
                var others = live.Where(s => s != leaving).ToArray();
                // Senders of the leaving silo move to the others while it stops and its replacement starts.
                Volatile.Write(ref live, [.. live.Select(s => s == leaving ? others[0] : s)]);
                var took = Stopwatch.StartNew();
                await leaving.StopAsync(TimeSpan.FromSeconds(60));
                var joining = await SiloProcess.StartAsync(settings, _workingDirectory);
                everyProcess.Add(joining);
                Volatile.Write(ref live, [.. live.Select((s, k) => k == i ? joining : s)]);
                output.WriteLine($"silo {i + 1} restarted in {took.Elapsed.TotalSeconds:F1} s");
                await WhileAcknowledgedGrowsAsync(senders, by: 3);
            }
            stop.Cancel();
            await Task.WhenAll(feeding);

            foreach (var sender in senders)
            {
                await sender.ResendUnansweredAsync(live[0].Http);
                var model = await Api.ReadJsonAsync(await live[1].Http.GetAsync($"/api/models/{sender.Model}"));
                output.WriteLine($"{sender.Model}: {sender.AcknowledgedEvents} acknowledged");
                Assert.Equal(sender.AcknowledgedEvents, model["counters"]!["predictions"]!.GetValue<long>());
                Assert.Equal(sender.AcknowledgedEvents, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
            }
            output.WriteLine($"{_failovers} times a sender found no answer and moved on");
            Assert.Equal(3, await ClusterMembership.ActiveSilosAsync(db.ConnectionString, clusterId));
        }
        finally
        {
            foreach (var process in everyProcess) await process.DisposeAsync();
        }
    }

    /// <summary>Sends through the silo <paramref name="silo"/> names now; after a batch without answer, resends it through the one it names then.</summary>
    private int _failovers;

    private async Task FeedAsync(IngestSender sender, Func<HttpClient> silo, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await sender.TryResendUnansweredAsync(silo())) await sender.SendUntilFailureAsync(silo(), stop);
            if (stop.IsCancellationRequested) return;
            Interlocked.Increment(ref _failovers);
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static async Task WhileAcknowledgedGrowsAsync(IReadOnlyList<IngestSender> senders, int by)
    {
        var from = senders.Select(s => s.AcknowledgedBatches).ToList();
        var waited = Stopwatch.StartNew();
        while (senders.Select((s, i) => s.AcknowledgedBatches - from[i]).Any(grown => grown < by))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), "ingest stalled: " + string.Join(", ", senders.Select(s => s.AcknowledgedBatches)));
            await Task.Delay(100);
        }
    }
}
