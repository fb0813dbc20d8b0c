using System.Diagnostics;
using Fleet.Tests.Core;
using Xunit.Abstractions;

namespace Fleet.Tests.Journal;

/// <summary>
/// The first look: the demo starts with its minutes of history played, so the page has open incidents at once. Timed,
/// so it runs alone (no other test class of this assembly beside it).
/// </summary>
[Collection(Name)]
public sealed class DemoHistoryTests(ITestOutputHelper output)
{
    public const string Name = "the demo's first look, timed";

    [Fact]
    public async Task The_demo_plays_its_ten_minutes_of_history_then_follows_the_wall_clock_with_an_open_incident_within_a_minute()
    {
        var watch = Stopwatch.StartNew();
        // The default history (the test host turns it off for every other test).
        await using var host = await FleetTestHost.StartAsync(settings: [$"--Fleet:Demo:History={new Fleet.Silo.Runs.DemoOptions().History}"]);
        var demo = await WaitForDemoAsync(host);
        var status = await Runs.WaitAsync(host.Http, demo, s => s["jumpingTo"] is null && s["ticks"]!.GetValue<long>() >= 60, TimeSpan.FromSeconds(60), "caught up");
        var caughtUp = watch.Elapsed;
        output.WriteLine($"host start and {status["ticks"]} ticks of demo history: {caughtUp.TotalSeconds:0.0} s");

        var now = DateTimeOffset.UtcNow;
        var at = status["now"]!.GetValue<DateTimeOffset>();
        Assert.InRange(at, now.AddMinutes(-2), now.AddMinutes(1)); // on the wall clock, not ten minutes behind
        Assert.True(at - status["start"]!.GetValue<DateTimeOffset>() >= TimeSpan.FromMinutes(10));
        Assert.Equal(1.0, status["speed"]!.GetValue<double>());
        var incidents = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/incidents?open=true&world={demo}"))).AsArray();
        Assert.NotEmpty(incidents);
        Assert.True(caughtUp < TimeSpan.FromMinutes(1), $"the first look took {caughtUp.TotalSeconds:0.0} s");
    }

    private static async Task<string> WaitForDemoAsync(FleetTestHost host)
    {
        for (var i = 0; i < 300; i++)
        {
            var demo = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/runs"))).AsArray().FirstOrDefault(r => r!["source"]!.GetValue<string>() == "demo");
            if (demo is not null) return demo["id"]!.GetValue<string>();
            await Task.Delay(100);
        }
        throw new TimeoutException("the demo did not start");
    }
}

[CollectionDefinition(DemoHistoryTests.Name, DisableParallelization = true)]
public sealed class DemoHistoryCollection;
