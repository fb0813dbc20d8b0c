using System.Text.Json.Nodes;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using Fleet.Tests.Security;

namespace Fleet.Tests.Exercises;

/// <summary>`fleet exercise` against the real host: create from a file, steer, score as a table and as JSON.</summary>
public sealed class ExerciseCommandTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private Task<CliResult> Fleet(params string[] args) =>
        CliRunner.RunAsync([.. args, "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);

    [Fact]
    public async Task Create_start_pause_resume_score_and_end_an_exercise()
    {
        using var folder = new TempFolder();
        var file = folder.Write("drill.yaml", ExerciseScenario.Yaml);

        var created = await Fleet("exercise", "create", "--name", "cli drill", "--scenario", file, "--team", "red:ana,bo", "--team", "blue",
            "--speed", "0", "--start", "2026-01-05T08:00:00Z", "--json");
        Assert.True(created.ExitCode == 0, created.Error);
        var exercise = JsonNode.Parse(created.Output)!;
        var id = exercise["id"]!.GetValue<string>();
        Assert.Equal(["ana", "bo"], exercise["teams"]![0]!["trainees"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(exercise["teams"]![1]!["trainees"]!.AsArray());

        var started = await Fleet("exercise", "start", id);
        Assert.True(started.ExitCode == 0, started.Error);
        Assert.Contains("running", started.Output);
        Assert.Contains("team red: join code ", started.Output);
        Assert.Equal(0, (await Fleet("exercise", "pause", id)).ExitCode);
        var again = await Fleet("exercise", "pause", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("state: the exercise is paused", again.Error);
        Assert.Equal(0, (await Fleet("exercise", "resume", id)).ExitCode);

        var json = await Fleet("exercise", "score", id, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        var score = JsonNode.Parse(json.Output)!;
        Assert.Equal(["blue", "red"], score["teams"]!.AsArray().Select(t => t!["team"]!.GetValue<string>()).Order());
        var table = await Fleet("exercise", "score", id);
        Assert.Contains("red", table.Output);
        Assert.Contains("over ideal", table.Output);

        Assert.Contains("ended", (await Fleet("exercise", "end", id)).Output);
        var missing = await Fleet("exercise", "score", "ex-nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("exercise 'ex-nope' does not exist", missing.Error);
    }
}
