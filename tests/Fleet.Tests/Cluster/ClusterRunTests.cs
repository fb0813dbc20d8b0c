using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Fleet.Tests.Durability;
using Fleet.Tests.Security;
using Xunit.Abstractions;
using RunApi = Fleet.Tests.Journal.Runs;

namespace Fleet.Tests.Cluster;

/// <summary>
/// README "Operations: PostgreSQL cluster", what is cluster-wide: two real silo processes on a real PostgreSQL server,
/// each in its own working directory (they share nothing but the database). One cluster serves every check.
/// </summary>
public sealed class ClusterRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_run_started_through_one_silo_is_steered_through_the_other_and_resumes_there_with_its_digest_when_its_silo_is_killed()
    {
        await using var cluster = await PostgresCluster.CreateAsync("runs", "--Fleet:Simulation:AdoptInterval=00:00:01");
        var a = await cluster.StartAsync();
        var b = await cluster.StartAsync();

        await ASessionOpenedOnOneSiloIsOpenOnTheOtherAsync(a, b);
        var recording = await ARecordingStartedThroughOneSiloIsReadThroughTheOtherAsync(a, b);

        // Started through A (paused), stepped, acted on and sped up through B.
        var run = await RunApi.StartAsync(a.Http, new JsonObject { ["scenario"] = RunApi.Yaml, ["speed"] = 0 });
        await RunApi.StepToAsync(b.Http, run, 3);
        Assert.Equal(HttpStatusCode.Accepted, (await RunApi.ActAsync(b.Http, run, "credit-001", "kill-switch")).StatusCode);
        await RunApi.StepToAsync(b.Http, run, 5);
        Assert.Equal(5, (await RunApi.StatusAsync(a.Http, run))["ticks"]!.GetValue<long>()); // it plays on A
        Assert.Equal(HttpStatusCode.OK, (await b.Http.PostAsync($"/api/runs/{run}/speed", Api.Body(new JsonObject { ["speed"] = 120 }))).StatusCode);
        await RunApi.WaitAsync(a.Http, run, s => s["ticks"]!.GetValue<long>() >= 10, TimeSpan.FromSeconds(60), "past tick 10");

        // Paused through B: it holds on A; resumed through B.
        var paused = await Api.ReadJsonAsync(await b.Http.PostAsync($"/api/runs/{run}/pause", null));
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        // The tick playing when the pause came completes; then the run holds.
        await Task.Delay(1000);
        var held = (await RunApi.StatusAsync(a.Http, run))["ticks"]!.GetValue<long>();
        Assert.True(held <= paused["ticks"]!.GetValue<long>() + 1, $"paused at tick {paused["ticks"]}, yet at {held} a second later");
        await Task.Delay(1000);
        var stillHeld = await RunApi.StatusAsync(a.Http, run);
        Assert.Equal("paused", stillHeld["state"]!.GetValue<string>());
        Assert.Equal(held, stillHeld["ticks"]!.GetValue<long>());
        Assert.Equal("running", (await Api.ReadJsonAsync(await b.Http.PostAsync($"/api/runs/{run}/resume", null)))["state"]!.GetValue<string>());
        var listedOnB = (await Api.ReadJsonAsync(await b.Http.GetAsync("/api/runs"))).AsArray().Single(r => r!["id"]!.GetValue<string>() == run)!;
        Assert.Equal("running", listedOnB["state"]!.GetValue<string>());

        // Killed mid-run: B adopts the run from its journal and plays it to its end.
        var beforeKill = await RunApi.WaitAsync(a.Http, run, s => s["progress"]!.GetValue<double>() >= 0.4, TimeSpan.FromSeconds(90), "40 % played");
        a.Kill();
        var sinceKill = Stopwatch.StartNew();
        var killedAt = beforeKill["ticks"]!.GetValue<long>();
        var moving = await WhileMovingAsync(b, run, sinceKill);
        var adoptedAfter = sinceKill.Elapsed;
        await RunApi.WaitAsync(b.Http, run, s => s["ticks"]!.GetValue<long>() >= killedAt, TimeSpan.FromSeconds(60), $"back at tick {killedAt}");
        var backAfter = sinceKill.Elapsed;
        var ended = await RunApi.WaitForStateAsync(b.Http, run, "finished", TimeSpan.FromMinutes(3));
        output.WriteLine($"killed at tick {killedAt}; after the kill B adopted it in {adoptedAfter.TotalSeconds:F1} s ({moving} answers 503 before), " +
                         $"was back at that tick in {backAfter.TotalSeconds:F1} s and finished it in {sinceKill.Elapsed.TotalSeconds:F1} s");

        // The digest it would have had without the kill: its definition and journaled inputs played through uninterrupted.
        var replay = await Api.ReadJsonAsync(await b.Http.PostAsync($"/api/runs/{run}/replay", Api.Body("{}")));
        var reference = await RunApi.WaitForStateAsync(b.Http, replay["id"]!.GetValue<string>(), "finished", TimeSpan.FromMinutes(2));
        Assert.Equal(reference["digest"]!.GetValue<string>(), ended["digest"]!.GetValue<string>());
        Assert.True(reference["transitions"]!.GetValue<int>() > 0, "the scenario moves models on the ladder: the digest covers something");
        Assert.Equal("digest matches", reference["verdict"]!.GetValue<string>());

        // The recording outlives A: B stops it.
        var stopped = await Api.ReadJsonAsync(await b.Http.PostAsync($"/api/recordings/{recording}/stop", null));
        Assert.Equal("stopped", stopped["state"]!.GetValue<string>());
    }

    /// <summary>Recordings are rows in the database over the models' batch log: any silo lists and steers them.</summary>
    private static async Task<string> ARecordingStartedThroughOneSiloIsReadThroughTheOtherAsync(SiloProcess a, SiloProcess b)
    {
        var model = "recorded-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.OK, (await a.Http.PutAsync($"/api/models/{model}", Api.Body(Api.Registration()))).StatusCode);
        var started = await a.Http.PostAsync("/api/recordings", Api.Body(new JsonObject { ["models"] = model }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await Api.ReadJsonAsync(started))["id"]!.GetValue<string>();
        Assert.Equal("recording", (await Api.ReadJsonAsync(await b.Http.GetAsync($"/api/recordings/{id}")))["state"]!.GetValue<string>());
        return id;
    }

    /// <summary>
    /// Reads the run through <paramref name="silo"/> until it plays there; meanwhile every answer is 503 (the run is
    /// moving), never 404. Returns how many 503 answers came.
    /// </summary>
    private static async Task<int> WhileMovingAsync(SiloProcess silo, string run, Stopwatch sinceKill)
    {
        var moving = 0;
        while (true)
        {
            using var answer = await silo.Http.GetAsync($"/api/runs/{run}");
            var body = await Api.ReadJsonAsync(answer);
            if (answer.StatusCode == HttpStatusCode.OK && body["state"]!.GetValue<string>() is "starting" or "running" or "finished") return moving;
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.StatusCode} while the run moved: {body.ToJsonString()}");
            Assert.Equal("id", body["field"]!.GetValue<string>());
            moving++;
            Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(120), $"not adopted in 120 s:\n{silo.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>A page signs in through A; its cookie alone opens B, whose working directory holds no key of A's.</summary>
    private static async Task ASessionOpenedOnOneSiloIsOpenOnTheOtherAsync(SiloProcess a, SiloProcess b)
    {
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var signIn = await browser.PostAsync(new Uri(a.Address, "/api/session"), Api.Body(new JsonObject { ["key"] = TestKeys.Admin }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookies = string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var onB = new HttpRequestMessage(HttpMethod.Get, new Uri(b.Address, "/api/session"));
        onB.Headers.Add("Cookie", cookies);
        using var answer = await browser.SendAsync(onB);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
