using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Storage;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Recording;

/// <summary>
/// README "Recordings" on a real host on SQLite: a recording keeps its models' batches in the batch log through
/// checkpoints, plays as a run in its own world with the live alerts, stops at its cap, and releases its batches.
/// </summary>
public sealed class RecordingTests
{
    private static FleetStorageOptions Storage(FleetTestHost host) => new() { Provider = StorageProvider.Sqlite, SqlitePath = host.DatabasePath };

    private static IModelGrain Grain(FleetTestHost host, string id) => host.Services.GetRequiredService<IGrainFactory>().GetGrain<IModelGrain>(id);

    private static Task PostMinuteAsync(FleetTestHost host, string model, int minute, double latencyMs) =>
        RecordingSupport.PostAsync(host, $"/api/models/{model}/events",
            Api.Batch(T0.AddMinutes(minute), Api.Predictions(30, T0.AddMinutes(minute), latencyMs)), HttpStatusCode.OK);

    [Fact]
    public async Task Recorded_live_traffic_outlives_checkpoints_and_plays_as_a_run_raising_the_live_alerts()
    {
        await using var host = await RecordingSupport.StartAsync();
        var recorded = Ev.NewId("recorded");
        var unrecorded = Ev.NewId("unrecorded");
        await RecordingSupport.RegisterAsync(host, recorded);
        await RecordingSupport.RegisterAsync(host, unrecorded);
        var recording = (await RecordingSupport.PostAsync(host, "/api/recordings", new JsonObject { ["models"] = recorded }, HttpStatusCode.Created))["id"]!.GetValue<string>();

        // Ten healthy minutes, then ten slow ones (P95 900 ms over its 200 ms limit): level 3, model-degraded fires.
        for (var minute = 0; minute < 20; minute++)
        {
            await PostMinuteAsync(host, recorded, minute, minute < 10 ? 40 : 900);
            await PostMinuteAsync(host, unrecorded, minute, 40);
            if (minute == 9)
            {
                await Grain(host, recorded).Checkpoint();
                await Grain(host, unrecorded).Checkpoint();
                // The checkpoint truncated the log of the model nobody records; the recorded one keeps every batch.
                Assert.Equal(1, await BatchLogTable.RowsAsync(Storage(host), unrecorded)); // its head, which appends are checked against
                Assert.Equal(10, await BatchLogTable.RowsAsync(Storage(host), recorded));
            }
        }
        var stopped = await RecordingSupport.PostAsync(host, $"/api/recordings/{recording}/stop", new JsonObject(), HttpStatusCode.OK);
        Assert.Equal("stopped", stopped["state"]!.GetValue<string>());
        Assert.Equal(20, stopped["batches"]!.GetValue<long>());
        // Batches after the stop are not the recording's: a checkpoint truncates them, but for the last (the log's head).
        await PostMinuteAsync(host, recorded, 20, 900);
        await PostMinuteAsync(host, recorded, 21, 900);
        await Grain(host, recorded).Checkpoint();
        Assert.Equal(21, await BatchLogTable.RowsAsync(Storage(host), recorded));

        var live = (await RecordingSupport.AlertsAsync(host, World.Live)).Where(a => a.Model == recorded).ToList();
        Assert.Contains(("model-degraded", recorded, "firing"), live);
        var liveLevel = (await RecordingSupport.GetAsync(host, $"/api/models/{recorded}"))["level"]!.GetValue<int>();

        var run = await RecordingSupport.PlayAsync(host, recording);
        Assert.Equal(live, await RecordingSupport.AlertsAsync(host, run));
        Assert.Equal(liveLevel, (await RecordingSupport.GetAsync(host, $"/api/models/{recorded}?world={run}"))["level"]!.GetValue<int>());
        var summary = await RecordingSupport.GetAsync(host, $"/api/runs/{run}/summary");
        Assert.Equal(20 * 30, summary["events"]!.GetValue<long>());
        Assert.Contains(summary["transitions"]!.AsArray(), t => t!["model"]!.GetValue<string>() == recorded && t["to"]!.GetValue<int>() == 3);
    }

    [Fact]
    public async Task A_recording_stops_at_its_size_cap_with_the_reason_and_an_import_over_it_is_refused()
    {
        await using var host = await RecordingSupport.StartAsync("--Fleet:Recordings:MaxBytes=4000", "--Fleet:Recordings:CheckInterval=00:00:00.100");
        var model = Ev.NewId("capped");
        await RecordingSupport.RegisterAsync(host, model);
        var recording = (await RecordingSupport.PostAsync(host, "/api/recordings", new JsonObject { ["models"] = model }, HttpStatusCode.Created))["id"]!.GetValue<string>();
        JsonNode info;
        var minute = 0;
        do
        {
            await PostMinuteAsync(host, model, minute++, 40);
            await Task.Delay(50);
            info = await RecordingSupport.GetAsync(host, $"/api/recordings/{recording}");
            Assert.True(minute < 400, "the recording never stopped");
        }
        while (info["state"]!.GetValue<string>() == "recording");
        Assert.StartsWith("size cap: keeps ", info["stopReason"]!.GetValue<string>());
        Assert.True(info["bytes"]!.GetValue<long>() >= 4000);
        Assert.Equal(4000, info["maxBytes"]!.GetValue<long>());

        // The metrics example makes 36,000 events: far more than 4,000 bytes.
        await RecordingSupport.RegisterAsync(host, "fraud-scorer", (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(RecordingSupport.Example("fraud-scorer.model.json")))!);
        var (status, body) = await RecordingSupport.ImportAsync(host, "metrics-csv", await File.ReadAllTextAsync(RecordingSupport.Example("fraud-errors.metrics.csv")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("file", body["field"]!.GetValue<string>());
        Assert.Contains("Fleet:Recordings:MaxBytes", body["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_recording_stops_at_its_end_with_the_reason()
    {
        await using var host = await RecordingSupport.StartAsync("--Fleet:Recordings:CheckInterval=00:00:00.100");
        var model = Ev.NewId("until");
        await RecordingSupport.RegisterAsync(host, model);
        var started = await RecordingSupport.PostAsync(host, "/api/recordings", new JsonObject { ["models"] = model, ["until"] = "1s" }, HttpStatusCode.Created);
        var recording = started["id"]!.GetValue<string>();
        Assert.Equal(DateTimeOffset.Parse(started["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).AddSeconds(1),
            DateTimeOffset.Parse(started["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode info;
        while ((info = await RecordingSupport.GetAsync(host, $"/api/recordings/{recording}"))["state"]!.GetValue<string>() == "recording")
        {
            Assert.True(DateTime.UtcNow < deadline, "the recording did not stop at its end");
            await Task.Delay(100);
        }
        Assert.StartsWith("reached its end at ", info["stopReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_recording_releases_its_batches()
    {
        await using var host = await RecordingSupport.StartAsync();
        var model = Ev.NewId("released");
        await RecordingSupport.RegisterAsync(host, model);
        var recording = (await RecordingSupport.PostAsync(host, "/api/recordings", new JsonObject { ["models"] = model }, HttpStatusCode.Created))["id"]!.GetValue<string>();
        for (var minute = 0; minute < 5; minute++) await PostMinuteAsync(host, model, minute, 40);
        await Grain(host, model).Checkpoint();
        Assert.Equal(5, await BatchLogTable.RowsAsync(Storage(host), model));

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync($"/api/recordings/{recording}")).StatusCode);
        Assert.Equal(1, await BatchLogTable.RowsAsync(Storage(host), model)); // all but the head, which appends are checked against
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"/api/recordings/{recording}")).StatusCode);
    }

    [Fact]
    public async Task A_recording_that_cannot_start_names_the_field_and_why()
    {
        await using var host = await RecordingSupport.StartAsync();
        var model = Ev.NewId("known");
        await RecordingSupport.RegisterAsync(host, model);
        foreach (var (body, field) in new[]
        {
            (new JsonObject { ["models"] = "" }, "models"),
            (new JsonObject { ["models"] = "no-such-model" }, "models"),
            (new JsonObject { ["models"] = "colour=red" }, "models"),
            (new JsonObject { ["models"] = model, ["until"] = "soon" }, "until"),
        })
        {
            var refused = await RecordingSupport.PostAsync(host, "/api/recordings", body, HttpStatusCode.BadRequest);
            Assert.Equal(field, refused["field"]!.GetValue<string>());
        }
        Assert.Empty((await RecordingSupport.GetAsync(host, "/api/recordings")).AsArray());
    }
}
