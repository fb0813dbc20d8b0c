using System.Net;
using System.Text.Json.Nodes;

namespace Fleet.Tests.Recording;

/// <summary>A run that plays an import is journaled like any run: its replay reads the import again and gives the same digest.</summary>
public sealed class RecordingReplayTests
{
    [Fact]
    public async Task The_replay_of_an_imported_run_matches_its_digest()
    {
        await using var host = await RecordingSupport.StartAsync();
        await RecordingSupport.RegisterAsync(host, "checkout-ranker",
            (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(RecordingSupport.Example("checkout-ranker.model.json")))!);
        var (_, import) = await RecordingSupport.ImportAsync(host, "events-csv", await File.ReadAllTextAsync(RecordingSupport.Example("checkout-outage.csv")));
        var original = await RecordingSupport.PlayAsync(host, import["id"]!.GetValue<string>());

        var replay = (await RecordingSupport.PostAsync(host, $"/api/runs/{original}/replay", new JsonObject(), HttpStatusCode.Created))["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonNode status;
        // The verdict is written once the replay has ended.
        while ((status = await RecordingSupport.GetAsync(host, $"/api/runs/{replay}"))["state"]!.GetValue<string>() != "finished" || status["verdict"] is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"replay {replay}: {status}");
            await Task.Delay(100);
        }
        Assert.Equal((await RecordingSupport.GetAsync(host, $"/api/runs/{original}"))["digest"]!.GetValue<string>(), status["digest"]!.GetValue<string>());
        Assert.Equal("digest matches", status["verdict"]!.GetValue<string>());
    }
}
