using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Xunit.Abstractions;
using RunApi = Fleet.Tests.Journal.Runs;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Operations: PostgreSQL cluster": one demo per cluster, adopted when its silo dies; an ended run read through
/// any silo from its journal after its silo died. Two real silo processes on a real PostgreSQL server, each with a small
/// demo scenario in its working directory; one cluster serves every check.
/// </summary>
public sealed class ClusterDemoAndEndedRunTests(ITestOutputHelper output)
{
    private const string SmallDemo = """
        name: demo
        duration: 24h
        tick: 10s
        fleet:
          - domain: credit
            count: 2
        traffic: { rate: 1, shape: flat }
        """;

    /// <summary>The small demo in a silo's working directory, in place of the shipped one.</summary>
    private static void WithSmallDemo(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "scenarios"));
        File.WriteAllText(Path.Combine(directory, "scenarios", "demo.yaml"), SmallDemo);
    }

    [Fact]
    public async Task Two_silos_play_one_demo_and_an_ended_run_of_a_killed_silo_is_read_through_the_other()
    {
        await using var cluster = await PostgresCluster.CreateAsync("demo", "--Fleet:Simulation:AdoptInterval=00:00:01",
            "--Fleet:Demo:Enabled=true", "--Fleet:Demo:History=00:00:00", "--Logging:LogLevel:Fleet.Silo.Runs.DemoRunner=Information");
        var a = await cluster.StartAsync(prepare: WithSmallDemo);
        var demo = await WaitForAsync(async () => (await DemosAsync(a)).SingleOrDefault(), "A's demo", a);
        var b = await cluster.StartAsync(prepare: WithSmallDemo);
        await WaitForAsync(() => Task.FromResult(b.Output.Contains("Not starting the demo", StringComparison.Ordinal) ? "" : null), "B declining the demo", b);
        Assert.Equal([demo], await DemosAsync(b));

        // A run that ends on A; then A dies before the cluster knows it.
        var run = await RunApi.StartAsync(a.Http, new JsonObject { ["scenario"] = RunApi.Yaml });
        var ended = await RunApi.WaitForStateAsync(a.Http, run, "finished", TimeSpan.FromMinutes(2));
        var journal = await RunApi.JournalAsync(a.Http, run, 1000);
        a.Kill();

        // B answers its status, journal and report from the journal, the status as A gave it.
        var sinceKill = Stopwatch.StartNew();
        using var status = await b.Http.GetAsync($"/api/runs/{run}");
        var body = await Api.ReadJsonAsync(status);
        Assert.True(status.StatusCode == HttpStatusCode.OK, $"{status.StatusCode}: {body.ToJsonString()}");
        output.WriteLine($"status through B {sinceKill.Elapsed.TotalSeconds:F1} s after the kill");
        foreach (var field in new[] { "id", "scenario", "seed", "state", "start", "now", "end", "progress", "ticks", "events", "models", "transitions", "digest" })
            Assert.True(JsonNode.DeepEquals(ended[field], body[field]), $"{field}: A said {ended[field]}, B says {body[field]}");
        Assert.True(ended["transitions"]!.GetValue<int>() > 0 && ended["events"]!.GetValue<long>() > 0, "the run did something to compare");
        Assert.Equal(journal.Select(e => e.ToJsonString()), (await RunApi.JournalAsync(b.Http, run, 1000)).Select(e => e.ToJsonString()));
        // The report also reads the run's alert book, a grain that may have lived on A: it answers once A is declared dead.
        var report = await WaitForAsync(async () =>
        {
            using var answer = await b.Http.GetAsync($"/api/runs/{run}/report");
            return answer.StatusCode == HttpStatusCode.OK ? await answer.Content.ReadAsStringAsync() : null;
        }, "the report through B", b);
        Assert.Contains(run, report, StringComparison.Ordinal);
        Assert.Contains(ended["digest"]!.GetValue<string>(), report, StringComparison.Ordinal);

        // The demo A played is adopted by B: still one demo, now playing on B.
        var adopted = await WaitForAsync(async () =>
        {
            using var answer = await b.Http.GetAsync($"/api/runs/{demo}");
            return answer.StatusCode == HttpStatusCode.OK && await Api.ReadJsonAsync(answer) is { } s && s["state"]!.GetValue<string>() == "running" ? s : null;
        }, "the demo adopted by B", b);
        output.WriteLine($"demo adopted by B {sinceKill.Elapsed.TotalSeconds:F1} s after the kill, at tick {adopted["ticks"]}");
        Assert.Equal([demo], await DemosAsync(b));
        Assert.Equal(1, CountOf(b.Output, "Not starting the demo"));
    }

    /// <summary>The unfinished demo runs the journal lists, through <paramref name="silo"/>.</summary>
    private static async Task<List<string>> DemosAsync(SiloProcess silo) =>
        (await Api.ReadJsonAsync(await silo.Http.GetAsync("/api/runs"))).AsArray()
            .Where(r => r!["source"]!.GetValue<string>() == "demo" && r["state"]!.GetValue<string>() is "starting" or "running" or "paused")
            .Select(r => r!["id"]!.GetValue<string>()).ToList();

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, SiloProcess silo) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await probe() is { } found) return found;
            }
            catch (HttpRequestException) { }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), $"no {what} in 120 s:\n{silo.Output}");
            await Task.Delay(200);
        }
    }
}
