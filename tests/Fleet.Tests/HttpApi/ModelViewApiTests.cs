using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.HttpApi;

/// <summary>The model view's endpoints over real HTTP: a window as a series, the timeline, and audited actions.</summary>
[Collection(HostCollection.Name)]
public sealed class ModelViewApiTests(HostFixture host)
{
    private async Task<string> RegisterAsync()
    {
        var id = Ev.NewId("view");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration()))).StatusCode);
        return id;
    }

    [Fact]
    public async Task The_one_hour_series_has_sixty_minute_points_with_the_events_in_their_minute()
    {
        var id = await RegisterAsync();
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(30, T0.AddMinutes(-10), latencyMs: 40))));
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(20, T0, latencyMs: 80))));

        var series = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/series?window=1h"));

        Assert.Equal("1h", series["window"]!.GetValue<string>());
        Assert.Equal(60, series["bucketSeconds"]!.GetValue<double>());
        var points = series["points"]!.AsArray();
        Assert.Equal(60, points.Count);
        Assert.Equal(T0.AddMinutes(-59), DateTimeOffset.Parse(points[0]!["start"]!.GetValue<string>()));
        Assert.Equal(20, points[59]!["volume"]!.GetValue<long>());
        Assert.Equal(30, points[49]!["volume"]!.GetValue<long>());
        Assert.Equal(0, points.Sum(p => p!["volume"]!.GetValue<long>()) - 50);
        // 1 % relative error of the sketch: the minute of 80 ms latencies reads 80 +- 0.8.
        Assert.InRange(points[59]!["latencyP50"]!.GetValue<double>(), 79.2, 80.8);
        Assert.Null(points[0]!["latencyP50"]);
    }

    [Fact]
    public async Task The_model_says_which_thresholds_it_cannot_judge_for_too_little_traffic_and_what_holds_its_level()
    {
        var id = await RegisterAsync(); // latency P95 200 ms over 5 m, N >= 100
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(30, T0, latencyMs: 900))));

        var quiet = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));

        // 30 requests in the day: no window the latency limit may be read over (5m, 1h, 24h) holds its 100.
        var latency = quiet["readings"]!.AsArray().Single(r => r!["threshold"]!.GetValue<string>() == "latency-p95")!;
        Assert.Equal(("not judged: too little traffic", false, "24h", "5m", 30L, 100L),
            (latency["status"]!.GetValue<string>(), latency["judged"]!.GetValue<bool>(), latency["window"]!.GetValue<string>(),
             latency["ownWindow"]!.GetValue<string>(), latency["samples"]!.GetValue<long>(), latency["minSamples"]!.GetValue<long>()));
        Assert.Equal(1, quiet["level"]!.GetValue<int>());
        Assert.Empty(quiet["heldBy"]!.AsArray());

        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(100, T0, latencyMs: 900))));
        var slow = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));

        Assert.Equal(3, slow["level"]!.GetValue<int>());
        var held = Assert.Single(slow["heldBy"]!.AsArray())!;
        Assert.Equal(("latency-p95", 3, "breached over 5m"),
            (held["threshold"]!.GetValue<string>(), held["severity"]!.GetValue<int>(), held["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_bad_window_or_an_unknown_model_is_refused()
    {
        var bad = await host.Http.GetAsync($"/api/models/{await RegisterAsync()}/series?window=2h");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("window", (await Api.ReadJsonAsync(bad))["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/models/nobody-here/series")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/models/nobody-here/timeline")).StatusCode);
    }

    [Fact]
    public async Task Force_fallback_moves_the_level_is_audited_and_appears_on_the_timeline_with_who_and_why()
    {
        var id = await RegisterAsync();
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(10, T0))));
        var action = new JsonObject { ["action"] = "force-level", ["level"] = 3, ["by"] = "ana", ["reason"] = "upstream outage" };

        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(action));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("level 1 -> 3", (await Api.ReadJsonAsync(answer))["effect"]!.GetValue<string>());
        var model = await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}"));
        Assert.Equal(3, model["level"]!.GetValue<int>());
        var timeline = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/timeline"))).AsArray();
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "action" && e["by"]!.GetValue<string>() == "ana"
            && e["detail"]!.GetValue<string>().Contains("upstream outage"));
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "transition" && e["detail"]!.GetValue<string>().Contains("ana"));

        var release = new JsonObject { ["action"] = "release", ["by"] = "ana", ["reason"] = "outage over" };
        Assert.Equal(HttpStatusCode.Accepted, (await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(release))).StatusCode);
        Assert.Equal(1, (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}")))["level"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"action":"reboot","by":"a","reason":"r"}""", "action")]
    [InlineData("""{"action":"retrain","reason":"r"}""", "by")]
    [InlineData("""{"action":"retrain","by":"a"}""", "reason")]
    [InlineData("""{"action":"force-level","by":"a","reason":"r"}""", "level")]
    [InlineData("""{"action":"rollout","by":"a","reason":"r","stage":"50%"}""", "stage")]
    public async Task An_action_without_what_who_or_why_is_refused_and_changes_nothing(string body, string field)
    {
        var id = await RegisterAsync();
        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, (await Api.ReadJsonAsync(answer))["field"]!.GetValue<string>());
        var timeline = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/timeline"))).AsArray();
        Assert.DoesNotContain(timeline, e => e!["kind"]!.GetValue<string>() == "action");
    }
}
