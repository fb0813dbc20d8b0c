using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Journal;

/// <summary>Replays of a recorded run with outside inputs, on a real host: the digest proves them, at any speed, with or without a jump.</summary>
public sealed class ReplayTests(JournalHostFixture fixture) : IClassFixture<JournalHostFixture>
{
    private HttpClient Http => fixture.Http;

    private async Task<string> ReplayAsync(string original, JsonObject body)
    {
        var answer = await Http.PostAsync($"/api/runs/{original}/replay", Api.Body(body));
        var json = await Api.ReadJsonAsync(answer);
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {json}");
        Assert.Equal(original, json["replayOf"]!.GetValue<string>());
        return json["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> FinishedAsync(string id, TimeSpan within)
    {
        var ended = await Runs.WaitForStateAsync(Http, id, "finished", within);
        return await Runs.WaitAsync(Http, id, s => s["verdict"] is not null, TimeSpan.FromSeconds(30), "judged");
    }

    [Fact]
    public async Task A_replay_at_full_speed_at_100x_and_at_1x_with_a_jump_has_the_original_digest()
    {
        var original = await Runs.PlayWithInputsAsync(Http);
        var digest = (await Runs.StatusAsync(Http, original))["digest"]!.GetValue<string>();

        var max = await ReplayAsync(original, []);
        var start = (await Runs.StatusAsync(Http, original))["start"]!.GetValue<DateTimeOffset>();
        // 100x: the jump plays all but the last 5 minutes at once, the rest at 100x (30 ticks paced by the wall clock).
        var fast = await ReplayAsync(original, new JsonObject { ["speed"] = 100 });
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/runs/{fast}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(start.AddMinutes(55)) }))).StatusCode);
        var maxJump = await ReplayAsync(original, new JsonObject { ["speed"] = 0 });
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/runs/{maxJump}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(start.AddMinutes(30)) }))).StatusCode);
        await Runs.WaitAsync(Http, maxJump, s => s["jumpingTo"] is null, TimeSpan.FromMinutes(1), "jumped");
        await Http.PostAsync($"/api/runs/{maxJump}/speed", Api.Body("{}"));
        // 1x: the jump plays all but the last 20 s at once, the rest follows the wall clock (two 10-s ticks).
        var real = await ReplayAsync(original, new JsonObject { ["speed"] = 1 });
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/runs/{real}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(start.AddMinutes(60).AddSeconds(-20)) }))).StatusCode);

        foreach (var replay in new[] { max, fast, maxJump, real })
        {
            var status = await FinishedAsync(replay, TimeSpan.FromMinutes(3));
            Assert.Equal(digest, status["digest"]!.GetValue<string>());
            Assert.Equal("digest matches", status["verdict"]!.GetValue<string>());
            var comparison = await Runs.ComparisonAsync(Http, replay);
            Assert.True(comparison["digestMatches"]!.GetValue<bool>());
            Assert.Null(comparison["originalFact"]);
        }
        Assert.Equal(1.0, (await Runs.StatusAsync(Http, real))["speed"]!.GetValue<double>()); // the jump left its speed alone
    }

    [Fact]
    public async Task A_replay_without_the_recorded_actions_differs_and_says_at_which_fact()
    {
        var original = await Runs.PlayWithInputsAsync(Http);
        var without = await ReplayAsync(original, new JsonObject { ["withoutActions"] = true });
        var status = await FinishedAsync(without, TimeSpan.FromMinutes(2));

        var comparison = await Runs.ComparisonAsync(Http, without);
        Assert.False(comparison["digestMatches"]!.GetValue<bool>());
        // The first fact that differs is what the kill-switch the CLI sent at tick 5 did: credit-001's move to the generic fallback.
        var first = comparison["originalFact"]!;
        Assert.Equal(("level", "credit-001", 5L), (first["kind"]!.GetValue<string>(), first["target"]!.GetValue<string>(), first["tick"]!.GetValue<long>()));
        Assert.Contains("kill-switch", first["detail"]!.GetValue<string>());
        Assert.StartsWith("digest differs; first difference at", status["verdict"]!.GetValue<string>());
        Assert.Contains("original level credit-001", status["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_what_if_with_stricter_thresholds_on_a_shipped_scenario_detects_earlier()
    {
        var original = await Runs.StartAsync(Http, new JsonObject { ["scenario"] = "cold-start", ["until"] = "90m" });
        await Runs.WaitForStateAsync(Http, original, "finished", TimeSpan.FromMinutes(3));
        var stricter = await ReplayAsync(original, new JsonObject { ["thresholds"] = "coverage: 0.99\n" });
        await FinishedAsync(stricter, TimeSpan.FromMinutes(3));

        var comparison = await Runs.ComparisonAsync(Http, stricter);
        var before = comparison["originalDetection"]!;
        var after = comparison["replayDetection"]!;
        Assert.False(comparison["digestMatches"]!.GetValue<bool>());
        var firstBefore = before["firstBreach"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MaxValue;
        var firstAfter = after["firstBreach"]!.GetValue<DateTimeOffset>();
        Assert.True(firstAfter < firstBefore, $"stricter: {after.ToJsonString()}; as recorded: {before.ToJsonString()}");
    }
}

/// <summary>`fleet runs` and `fleet replay` against the real host.</summary>
public sealed class ReplayCommandTests(JournalHostFixture fixture) : IClassFixture<JournalHostFixture>
{
    private Task<Client.CliResult> CliAsync(params string[] args) =>
        Client.CliRunner.RunAsync([.. args, "--server", fixture.Host.BaseAddress.ToString(), "--key", Security.TestKeys.Admin]);

    [Fact]
    public async Task Fleet_runs_lists_the_recorded_runs_and_fleet_replay_says_the_digest_matches_or_shows_the_what_if()
    {
        var original = await Runs.PlayWithInputsAsync(fixture.Http);

        var json = await CliAsync("runs", "--json");
        Assert.Equal(0, json.ExitCode);
        var listed = JsonNode.Parse(json.Output)!.AsArray().Single(r => r!["id"]!.GetValue<string>() == original)!;
        Assert.Equal("finished", listed["state"]!.GetValue<string>());
        var table = await CliAsync("runs");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(original, table.Output);
        Assert.Contains(listed["digest"]!.GetValue<string>()[..12], table.Output);

        var replay = await CliAsync("replay", original, "--speed", "max");
        Assert.True(replay.ExitCode == 0, replay.Output + replay.Error);
        Assert.Contains("digest matches", replay.Output);

        using var folder = new Client.TempFolder();
        var strict = folder.Write("strict.yaml", "errorRate: 0.001\ntimeoutRate: 0.001\n");
        var whatIf = await CliAsync("replay", original, "--without-actions", "--thresholds", strict);
        Assert.True(whatIf.ExitCode == 0, whatIf.Output + whatIf.Error);
        Assert.Contains("digest differs", whatIf.Output);
        Assert.Contains("first alert firing", whatIf.Output);
        Assert.Contains("as recorded", whatIf.Output);

        var missing = await CliAsync("replay", "--thresholds", Path.Combine(folder.Path, "none.yaml"), original);
        Assert.Equal(2, missing.ExitCode);
    }
}
