using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Recording;

/// <summary>A recording outlives its silo: the row and the batches it holds are in the database, and it keeps recording after a restart.</summary>
public sealed class RecordingRestartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-rec-restart-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_recording_survives_a_silo_restart_and_keeps_recording()
    {
        var database = $"--Fleet:Storage:SqlitePath={Path.Combine(_folder, "fleet.db")}";
        var model = Ev.NewId("restarted");
        string recording;
        await using (var host = await RecordingSupport.StartAsync(database))
        {
            await RecordingSupport.RegisterAsync(host, model);
            recording = (await RecordingSupport.PostAsync(host, "/api/recordings", new JsonObject { ["models"] = model }, HttpStatusCode.Created))["id"]!.GetValue<string>();
            for (var minute = 0; minute < 3; minute++)
                await RecordingSupport.PostAsync(host, $"/api/models/{model}/events", Api.Batch(T0.AddMinutes(minute), Api.Predictions(30, T0.AddMinutes(minute))), HttpStatusCode.OK);
        } // the shutdown checkpoints the model, which truncates its log but for what the recording holds

        await using (var host = await RecordingSupport.StartAsync(database))
        {
            var info = await RecordingSupport.GetAsync(host, $"/api/recordings/{recording}");
            Assert.Equal("recording", info["state"]!.GetValue<string>());
            Assert.Equal(3, info["batches"]!.GetValue<long>());
            for (var minute = 3; minute < 5; minute++)
                await RecordingSupport.PostAsync(host, $"/api/models/{model}/events", Api.Batch(T0.AddMinutes(minute), Api.Predictions(30, T0.AddMinutes(minute))), HttpStatusCode.OK);
            Assert.Equal(5, (await RecordingSupport.PostAsync(host, $"/api/recordings/{recording}/stop", new JsonObject(), HttpStatusCode.OK))["batches"]!.GetValue<long>());
            var run = await RecordingSupport.PlayAsync(host, recording);
            Assert.Equal(5 * 30, (await RecordingSupport.GetAsync(host, $"/api/runs/{run}/summary"))["events"]!.GetValue<long>());
        }
    }
}
