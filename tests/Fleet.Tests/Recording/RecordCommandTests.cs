using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Recording;

/// <summary>`fleet record` and `fleet import` against the real host.</summary>
public sealed class RecordCommandTests
{
    private static Task<CliResult> FleetAsync(FleetTestHost host, params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", host.BaseAddress.ToString(), "--key", TestKeys.Admin]);

    [Fact]
    public async Task Record_start_stop_list_play_and_delete_from_the_command_line()
    {
        await using var host = await RecordingSupport.StartAsync();
        var model = Ev.NewId("cli-rec");
        await RecordingSupport.RegisterAsync(host, model);

        var started = await FleetAsync(host, "record", "start", "--models", model, "--until", "2h");
        Assert.True(started.ExitCode == 0, started.Error);
        var id = started.Output.Split(' ', ':')[1];
        Assert.StartsWith("rec-", id);
        for (var minute = 0; minute < 3; minute++)
            await RecordingSupport.PostAsync(host, $"/api/models/{model}/events", Api.Batch(T0.AddMinutes(minute), Api.Predictions(20, T0.AddMinutes(minute))), HttpStatusCode.OK);

        var stopped = await FleetAsync(host, "record", "stop", id);
        Assert.True(stopped.ExitCode == 0, stopped.Error);
        Assert.Contains($"{id} stopped: 3 batches", stopped.Output);
        var listed = await FleetAsync(host, "record", "list", "--json");
        Assert.Equal(id, JsonNode.Parse(listed.Output)!.AsArray().Single()!["id"]!.GetValue<string>());
        var played = await FleetAsync(host, "record", "play", id);
        Assert.True(played.ExitCode == 0, played.Error);
        Assert.Contains($"plays {id}: 1 model(s)", played.Output);

        Assert.Equal(0, (await FleetAsync(host, "record", "delete", id)).ExitCode);
        Assert.Empty((await RecordingSupport.GetAsync(host, "/api/recordings")).AsArray());
        var again = await FleetAsync(host, "record", "delete", id);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains($"recording '{id}' does not exist", again.Error);
    }

    [Fact]
    public async Task Import_sends_a_file_and_a_bad_one_is_refused_with_its_line_and_field()
    {
        await using var host = await RecordingSupport.StartAsync();
        await RecordingSupport.RegisterAsync(host, "checkout-ranker",
            (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(RecordingSupport.Example("checkout-ranker.model.json")))!);

        var imported = await FleetAsync(host, "import", RecordingSupport.Example("checkout-outage.csv"));
        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Matches("^imported imp-[^:]+: 1 model\\(s\\), ", imported.Output);

        using var folder = new TempFolder();
        var bad = folder.Write("bad.jsonl", """{"model":"checkout-ranker","type":"prediction","timestamp":"yesterday","predictionId":"p","latencyMs":1}""" + "\n");
        var refused = await FleetAsync(host, "import", bad);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("line 1: timestamp: 'yesterday' is not a time", refused.Error);
        Assert.Single((await RecordingSupport.GetAsync(host, "/api/recordings")).AsArray());
    }
}
