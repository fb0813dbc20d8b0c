using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Dashboard.Hubs;
using Fleet.Dashboard.Security;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Fleet.Tests.Core.Api;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A trainee joins with their team's code and gets the ordinary dashboard of their team's world and its operator
/// actions, nothing else: every endpoint and hub message a trainee can reach is walked during the exercise and
/// searched for the scenario's name, description, good response, injection name and fault kind. The facilitator's
/// own answers are searched the same way, to show the search finds them where they belong.
/// </summary>
public sealed class TraineeAccessTests(ExerciseHostFixture fixture) : IClassFixture<ExerciseHostFixture>
{
    private static readonly string[] Hidden = [DescriptionMarker, GoodResponseMarker, InjectionName, "concept-drift", "exercise-drift", "Retrain the two drifted"];

    private HttpClient Admin => fixture.Host.Http;

    [Fact]
    public void The_hub_s_message_list_holds_every_message_it_declares()
    {
        var declared = typeof(FleetHub).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Message", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        Assert.Equal(declared, FleetHub.Messages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_trainee_sees_and_acts_in_their_world_only_and_nothing_hidden_reaches_them()
    {
        var exercise = await Json(await Admin.PostAsync("/api/exercises", Api.Body(new JsonObject
        {
            ["name"] = "leak drill", ["scenario"] = Yaml, ["speed"] = 0, ["start"] = Api.Iso(Start),
            ["teams"] = new JsonArray(new JsonObject { ["name"] = "red" }, new JsonObject { ["name"] = "blue" }),
        })), HttpStatusCode.Created);
        var id = exercise["id"]!.GetValue<string>();
        var code = exercise["teams"]![0]!["joinCode"]!.GetValue<string>();

        using var early = new CookieSession(fixture.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await early.SendAsync(HttpMethod.Post, "/api/exercises/join", $$"""{"code": "{{code}}"}""")).StatusCode); // not started

        var started = await Json(await Admin.PostAsync($"/api/exercises/{id}/start", null), HttpStatusCode.OK);
        var world = started["teams"]![0]!["runId"]!.GetValue<string>();
        var other = started["teams"]![1]!["runId"]!.GetValue<string>();
        foreach (var run in new[] { world, other }) await StepAsync(run, 50); // 25 minutes: the drift has hurt for 15

        using var trainee = new CookieSession(fixture.Host.BaseAddress);
        Assert.Equal(HttpStatusCode.Unauthorized, (await trainee.SendAsync(HttpMethod.Post, "/api/exercises/join", """{"code": "nope"}""")).StatusCode);
        var joined = await Json(await trainee.SendAsync(HttpMethod.Post, "/api/exercises/join", $$"""{"code": "{{code}}", "name": "ana"}"""), HttpStatusCode.OK);
        Assert.Equal(world, joined["world"]!.GetValue<string>());
        Assert.DoesNotContain("exercise-drift", world);
        var token = joined["antiforgery"]!.GetValue<string>();
        trainee.Antiforgery = token;

        // Every answer a trainee gets is kept for the search below, and every route pattern they used is ticked off.
        var seen = new StringBuilder();
        var walked = new HashSet<string>(StringComparer.Ordinal);
        async Task<HttpResponseMessage> Send(HttpMethod method, string pattern, string path, string? body = null)
        {
            walked.Add($"{method} {pattern}");
            var answer = await trainee.SendAsync(method, path, body);
            seen.AppendLine(await answer.Content.ReadAsStringAsync());
            return answer;
        }
        async Task<JsonNode> Read(string pattern, string? path = null)
        {
            var answer = await Send(HttpMethod.Get, pattern, path ?? pattern);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path ?? pattern}: {answer.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
        async Task Walk()
        {
            var models = (await Read("/api/fleet"))["models"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
            Assert.Equal(["credit-001", "credit-002", "credit-003", "credit-004"], models.Order());
            foreach (var model in models)
            {
                await Read("/api/models/{id}", $"/api/models/{model}");
                await Read("/api/models/{id}/series", $"/api/models/{model}/series?window=1h");
                await Read("/api/models/{id}/timeline", $"/api/models/{model}/timeline");
            }
            foreach (var path in new[] { "/api/alerts", "/api/incidents", "/api/silences", "/api/notifications", "/api/session", "/api/catalogue", "/api/actions" })
                await Read(path);
            await Read("/api/fleet", $"/api/fleet?world={world}");
            // No decision point in this scenario: nothing asked, and an answer is refused naming why.
            Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Get, "/api/decisions", "/api/decisions")).StatusCode);
        }
        await Walk();
        var incidents = (await Read("/api/incidents")).AsArray();
        Assert.NotEmpty(incidents); // the drift has paged by now: there is something to hide behind

        // Every operator action, in their own world: each model action of the catalogue, the alert book's, silences.
        foreach (var (model, action) in new[]
        {
            ("credit-001", """ "retrain" """), ("credit-002", """ "rollback" """), ("credit-003", """ "force-level", "level": 3 """),
            ("credit-003", """ "release" """), ("credit-004", """ "kill-switch" """), ("credit-004", """ "rollout", "stage": "5%" """),
            ("credit-004", """ "release" """),
        })
            await Expect(Send(HttpMethod.Post, "/api/models/{id}/actions", $"/api/models/{model}/actions",
                $$"""{"action": {{action}}, "by": "ana", "reason": "drill"}"""), HttpStatusCode.Accepted);
        await Expect(Send(HttpMethod.Post, "/api/incidents/{id}/ack", $"/api/incidents/{incidents[0]!["id"]}/ack", """{"by": "ana"}"""), HttpStatusCode.Accepted);
        await Expect(Send(HttpMethod.Post, "/api/incidents/{id}/mitigate", $"/api/incidents/{incidents[0]!["id"]}/mitigate", """{"by": "ana"}"""), HttpStatusCode.Accepted);
        var firing = (await Read("/api/alerts")).AsArray().First(a => a!["state"]!.GetValue<string>() == "firing" && a["incidentId"] is not null)!;
        await Expect(Send(HttpMethod.Post, "/api/alerts/ack", "/api/alerts/ack",
            $$"""{"target": "{{firing["rule"]}}/{{firing["model"]}}", "by": "ana"}"""), HttpStatusCode.Accepted);
        // A silence in a run's world is a run input: set at the next tick, and lifted at the one after.
        await Expect(Send(HttpMethod.Post, "/api/silences", "/api/silences",
            """{"model": "credit-003", "duration": "30m", "by": "ana", "reason": "noise"}"""), HttpStatusCode.Accepted);
        await StepAsync(world, 51);
        var silence = (await Read("/api/silences")).AsArray().Single(s => s!["by"]!.GetValue<string>() == "ana")!;
        await Expect(Send(HttpMethod.Delete, "/api/silences/{id}", $"/api/silences/{silence["id"]}?by=ana"), HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(HttpMethod.Post, "/api/decisions", "/api/decisions", """{"answer": "none asked"}""")).StatusCode);

        // The hub: their world from the first message, never another.
        var messages = new StringBuilder();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(fixture.Host.BaseAddress, "/hubs/fleet"), o =>
        {
            o.Cookies = trainee.Cookies;
            o.Headers["X-Fleet-Antiforgery"] = token;
        }).Build();
        foreach (var name in FleetHub.Messages)
            hub.On<JsonElement>(name, m => { lock (messages) messages.AppendLine(m.GetRawText()); });
        await hub.StartAsync();
        var fleet = await hub.InvokeAsync<JsonElement>("GetFleet");
        Assert.Equal(4, fleet.GetProperty("models").GetArrayLength());
        messages.AppendLine(fleet.GetRawText()).AppendLine((await hub.InvokeAsync<JsonElement>("GetAlertBook")).GetRawText());
        foreach (var model in new[] { "credit-001", "credit-002", "credit-003", "credit-004" }) await hub.InvokeAsync("WatchModel", model);
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Watch", "live"));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Watch", other));
        await hub.InvokeAsync("Watch", world);
        await StepAsync(world, 90); // 20 more minutes: the retrain, the ack and the pages play out while the hub pushes
        await Task.Delay(500);
        await Walk();

        // Everything else is closed: runs, scenarios, worlds, exercises, metrics, keys, and other worlds.
        foreach (var (method, path, field) in new[]
        {
            ("GET", "/api/runs", "role"), ("GET", $"/api/runs/{world}", "role"), ("GET", $"/api/runs/{world}/summary", "role"),
            ("GET", "/api/scenarios", "role"), ("GET", "/api/faults", "role"), ("GET", "/api/worlds", "role"), ("GET", "/api/exercises", "role"),
            ("GET", $"/api/exercises/{id}", "role"), ("GET", $"/api/exercises/{id}/score", "role"), ("GET", $"/api/exercises/{id}/timeline", "role"),
            ("GET", "/metrics", "role"),
            ("GET", "/api/keys", "role"), ("POST", $"/api/runs/{world}/pause", "role"), ("POST", $"/api/exercises/{id}/end", "role"),
            ("POST", $"/api/runs/{world}/injections", "role"),
            ("GET", "/api/fleet?world=live", "world"), ("GET", $"/api/fleet?world={other}", "world"), ("GET", $"/api/alerts?world={other}", "world"),
            ("POST", $"/api/models/credit-001/actions?world={other}", "world"),
        })
        {
            var answer = await trainee.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null);
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {answer.StatusCode}");
            Assert.Equal(field, await KeyApi.FieldAsync(answer));
        }

        // Every route a trainee may use was walked (the hub's, through its client above).
        var traineeRoutes = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteAccess>() is { Trainees: true } && !("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith(FleetHub.Path, StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("POST /api/models/{id}/actions", traineeRoutes); // the table was read
        Assert.Empty(traineeRoutes.Except(walked));

        var trainees = seen.ToString() + messages;
        Assert.Contains("credit-001", messages.ToString()); // the hub did speak
        foreach (var hidden in Hidden) Assert.DoesNotContain(hidden, trainees, StringComparison.OrdinalIgnoreCase);

        // The facilitator's answers do carry them, so the search above would have found a leak.
        var facilitator = await (await Admin.GetAsync($"/api/runs/{world}/summary")).Content.ReadAsStringAsync()
            + await (await Admin.GetAsync($"/api/models/credit-001/timeline?world={world}")).Content.ReadAsStringAsync();
        Assert.Contains(InjectionName, facilitator);
        Assert.Contains("concept-drift", facilitator);
        Assert.Contains("\"concept-drift\"", await (await Admin.GetAsync("/api/faults")).Content.ReadAsStringAsync()); // the runs panel's list
        Assert.Contains((await Json(await Admin.GetAsync($"/api/runs/{world}/summary"), HttpStatusCode.OK))["journal"]!.AsArray(),
            e => e!["kind"]!.GetValue<string>() == "retrain" && e["by"]!.GetValue<string>() == "ana");

        // The exercise ended, the seat is gone.
        await Admin.PostAsync($"/api/exercises/{id}/end", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await trainee.SendAsync(HttpMethod.Get, "/api/fleet")).StatusCode);
    }

    private async Task StepAsync(string run, int ticks)
    {
        for (var n = (int)(await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["ticks"]!.GetValue<long>(); n < ticks; n++)
        {
            await Admin.PostAsync($"/api/runs/{run}/step", null);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await Json(await Admin.GetAsync($"/api/runs/{run}"), HttpStatusCode.OK))["ticks"]!.GetValue<long>() <= n)
            {
                Assert.True(DateTime.UtcNow < deadline, $"run {run} did not play tick {n + 1}");
                await Task.Delay(2);
            }
        }
    }

    private static async Task Expect(Task<HttpResponseMessage> sent, HttpStatusCode status)
    {
        var answer = await sent;
        Assert.True(answer.StatusCode == status, $"{answer.RequestMessage?.RequestUri}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }
}
