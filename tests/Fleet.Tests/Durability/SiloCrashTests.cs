using Xunit.Abstractions;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Storage;

namespace Fleet.Tests.Durability;

/// <summary>
/// README "Durability", end to end: the real silo process on SQLite takes steady HTTP ingest for several models,
/// is killed with SIGKILL after acknowledging batches, and restarts on the same file.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempSqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    // Checkpoints every 2 s, so the kill lands after some checkpoints and their truncations, not only before the first.
    [InlineData("00:00:02", 5)]
    // Checkpoints every 0.5 s for 8 s of predictions never labelled: from the fifth interval on, the batches logged in an
    // interval hold fewer events than a quarter of those waiting, so the kill lands while checkpoints are put off
    // (CheckpointPacing) and the restart replays several intervals of the log.
    [InlineData("00:00:00.500", 8)]
    [Theory]
    public async Task Every_acknowledged_event_is_counted_once_after_a_kill_9_under_steady_ingest(string checkpointInterval, int seconds)
    {
        Directory.CreateDirectory(_file.Root);
        string[] settings = [$"--Fleet:Storage:SqlitePath={_file.Path}", $"--Fleet:Models:CheckpointInterval={checkpointInterval}"];
        var senders = Enumerable.Range(1, 4).Select(i => new IngestSender($"crash-{i}-{Guid.NewGuid().ToString("N")[..6]}", batchSize: 10)).ToList();

        await using (var silo = await SiloProcess.StartAsync(settings, _file.Root))
        {
            foreach (var sender in senders)
                Assert.Equal(HttpStatusCode.OK, (await silo.Http.PutAsync($"/api/models/{sender.Model}", Api.Body(Api.Registration()))).StatusCode);
            using var stop = new CancellationTokenSource();
            var sending = senders.Select(s => Task.Run(() => s.SendUntilFailureAsync(silo.Http, stop.Token))).ToList();
            var started = DateTime.UtcNow;
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds) || senders.Any(s => s.AcknowledgedBatches < 20))
            {
                Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(90), "ingest too slow: " + string.Join(", ", senders.Select(s => s.AcknowledgedBatches)));
                await Task.Delay(100);
            }
            silo.Kill(); // mid-flight: the senders still have batches on the wire
            await Task.WhenAll(sending);
        }
        foreach (var s in senders)
            output.WriteLine($"{s.Model}: {s.AcknowledgedEvents} events acknowledged before the kill, {s.UnansweredEvents} unanswered");

        await using (var silo = await SiloProcess.StartAsync(settings, _file.Root))
        {
            foreach (var sender in senders)
            {
                // Before any resend: everything acknowledged is there; of the unanswered batches, some may be too.
                var counted = await VolumeAsync(silo.Http, sender.Model);
                Assert.InRange(counted, sender.AcknowledgedEvents, sender.SentEvents);
            }
            foreach (var sender in senders) await sender.ResendUnansweredAsync(silo.Http);
            foreach (var sender in senders)
            {
                var model = await ModelAsync(silo.Http, sender.Model);
                Assert.Equal(sender.AcknowledgedEvents, model["windows"]!["1h"]!["volume"]!.GetValue<long>());
                Assert.Equal(sender.AcknowledgedEvents, model["counters"]!["predictions"]!.GetValue<long>());
            }
        }
    }

    private static async Task<long> VolumeAsync(HttpClient http, string model) =>
        (await ModelAsync(http, model))["windows"]!["1h"]!["volume"]!.GetValue<long>();

    private static async Task<JsonNode> ModelAsync(HttpClient http, string model)
    {
        using var response = await http.GetAsync($"/api/models/{model}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Api.ReadJsonAsync(response);
    }
}
