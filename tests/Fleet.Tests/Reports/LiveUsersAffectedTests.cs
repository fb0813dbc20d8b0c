using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fleet.Dashboard.Reports.Sections;
using Fleet.Tests.Core;
using Fleet.Users;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Reports;

/// <summary>
/// Users affected for live traffic, through the real host on SQLite: a prediction may carry a user id (`user`), a hostile
/// one is refused whole naming the field, and a live incident's report counts the distinct users served badly within
/// the sketch's stated error of the exact count; a model whose events carry no user id says "not measured".
/// </summary>
public sealed class LiveUsersAffectedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FleetTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Http => _host.Http;

    private IModelGrain Grain(string id) => _host.Services.GetRequiredService<IGrainFactory>().Model(World.Live, id);

    private static JsonObject Request(DateTimeOffset at, string? user, double latencyMs = 40, bool error = false, bool timeout = false,
        bool fallback = false, int level = 1)
    {
        var p = Api.Prediction(at, Ev.NewId(), latencyMs);
        (p["error"], p["timeout"], p["fallback"], p["servedLevel"]) = (error, timeout, fallback, level);
        if (user is not null) p["user"] = user;
        return p;
    }

    private async Task<string> RegisterAsync(string domain)
    {
        var id = Ev.NewId("users");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: domain)))).StatusCode);
        return id;
    }

    /// <summary>150 slow requests: latency P95 breaches, the level falls to 3, model-degraded fires and opens an incident.</summary>
    private async Task<string> BreachAsync(string id, DateTimeOffset at, Func<int, string?> user)
    {
        var slow = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at, Enumerable.Range(0, 150).Select(i => Request(at, user(i), latencyMs: 900)))));
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        var alert = (await Api.ReadJsonAsync(await Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray()
            .Single(a => a!["rule"]!.GetValue<string>() == "model-degraded")!;
        return alert["incidentId"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_hostile_user_id_is_refused_naming_the_field_and_changes_nothing()
    {
        var id = await RegisterAsync("search");
        foreach (var (user, reason) in new[]
                 {
                     ("\u202Eadmin", "must not contain bidirectional control characters (found U+202E)"),
                     ("u-1\u0000", "must not contain control characters (found U+0000)"),
                     (new string('u', 129), "is longer than 128 characters"),
                     ("", "must not be empty"),
                 })
        {
            var answer = await Http.PostAsync($"/api/models/{id}/events",
                Api.Body(Api.Batch(T0, [Request(T0, "u-fine", error: true), Request(T0, user, error: true)])));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var body = await Api.ReadJsonAsync(answer);
            Assert.Equal("predictions[1].user", body["field"]!.GetValue<string>());
            Assert.Contains(reason, body["reason"]!.GetValue<string>());
        }

        var counters = (await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}")))["counters"]!;
        Assert.Equal((0, 0), (counters["batches"]!.GetValue<long>(), counters["predictions"]!.GetValue<long>()));
        var users = (await Grain(id).GetAffectedUsers())!;
        Assert.Equal(0, users.PredictionsWithUser);
        Assert.Empty(users.Hours);
    }

    [Fact]
    public async Task A_live_incident_s_report_counts_the_users_served_badly_within_the_stated_error()
    {
        // Two fraud models breach together (one incident: they share a domain) and then serve badly users of one population.
        var first = await RegisterAsync("fraud");
        var second = await RegisterAsync("fraud");
        // The slow requests that open the incident are answered (level 1, no error): their users are not served badly.
        var incident = await BreachAsync(first, T0, i => $"calm-{i}");
        Assert.Equal(incident, await BreachAsync(second, T0, i => $"calm-{i}"));

        // Then 2,400 requests from 2,000 users to each model, served badly four ways (users 0-1,999 for the first model,
        // 1,000-2,999 for the second: a user of both counts once), and 300 served well to users of their own.
        var random = new Random(15);
        var exact = new HashSet<string>();
        var at = T0.AddMinutes(1);
        foreach (var (id, offset) in new[] { (first, 0), (second, 1_000) })
        {
            var requests = new List<JsonObject>();
            for (var i = 0; i < 2_400; i++)
            {
                var user = $"hurt-{offset + random.Next(2_000)}";
                exact.Add(user);
                requests.Add((i % 4) switch
                {
                    0 => Request(at, user, error: true),
                    1 => Request(at, user, timeout: true),
                    2 => Request(at, user, level: 3),
                    _ => Request(at, user, fallback: true),
                });
            }
            requests.AddRange(Enumerable.Range(0, 300).Select(i => Request(at, $"well-{i}")));
            var posted = await Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(at, requests)));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var markdown = await Http.GetStringAsync($"/api/incidents/{incident}/report");
        var line = markdown.Split('\n').Single(l => l.StartsWith($"| {ImpactSection.LiveUsersAffected} |", StringComparison.Ordinal));
        output.WriteLine($"{line}  (exact: {exact.Count})");
        var match = Regex.Match(line, @"\| ([0-9,]+) \(±([0-9.]+) %\) \|$");
        Assert.True(match.Success, line);
        var estimate = long.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        var stated = double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) / 100;
        // The stated error is the sketch's at that count (3.25 % above 2,560 users); three of it, plus rounding.
        Assert.Equal(Math.Round(UserSketch.RelativeError(estimate) * 100, 1), stated * 100, 6);
        Assert.InRange(estimate, exact.Count * (1 - 3 * stated) - 1, exact.Count * (1 + 3 * stated) + 1);
        Assert.DoesNotContain("| users affected | ", markdown);
        Assert.DoesNotContain("calm-", markdown);
        Assert.DoesNotContain("hurt-", markdown); // no raw id is kept, so none is shown

        // Each model holds one hour's sketch: every badly served request fell in 10:00-11:00.
        foreach (var id in new[] { first, second })
        {
            var users = (await Grain(id).GetAffectedUsers())!;
            Assert.Equal(150 + 2_400 + 300, users.PredictionsWithUser);
            Assert.Equal([T0], users.Hours.Select(h => h.Start));
        }
    }

    [Fact]
    public async Task A_report_whose_span_begins_before_the_kept_day_says_from_when_it_counted()
    {
        var id = await RegisterAsync("ads");
        var incident = await BreachAsync(id, T0, i => $"calm-{i}");
        var at = T0.AddMinutes(1);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/models/{id}/events",
            Api.Body(Api.Batch(at, Enumerable.Range(0, 50).Select(i => Request(at, $"hurt-{i}", error: true)))))).StatusCode);
        // Two days on, the model's clock has left 10:00 behind its kept day.
        var later = T0.AddDays(2);
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync($"/api/models/{id}/events",
            Api.Body(Api.Batch(later, Enumerable.Range(0, 10).Select(i => Request(later, $"calm-{i}")))))).StatusCode);

        var markdown = await Http.GetStringAsync($"/api/incidents/{incident}/report");
        var line = markdown.Split('\n').Single(l => l.StartsWith($"| {ImpactSection.LiveUsersAffected} |", StringComparison.Ordinal));
        output.WriteLine(line);
        // 2 days on at 10:00, the ring keeps 11:00 the day before onwards (24 hours, the current one included).
        Assert.EndsWith($"| 0 (±0.0 %); {ImpactSection.KeptOnly} 2026-11-23 11:00:00Z |", line);
    }

    [Fact]
    public async Task A_live_incident_of_a_model_without_user_ids_says_users_are_not_measured_and_holds_no_sketch()
    {
        var id = await RegisterAsync("pricing");
        var at = T0.AddDays(3);
        var incident = await BreachAsync(id, at, _ => null);
        var failing = await Http.PostAsync($"/api/models/{id}/events",
            Api.Body(Api.Batch(at, Enumerable.Range(0, 500).Select(i => Request(at.AddSeconds(10), null, error: i % 2 == 0, timeout: i % 2 == 1)))));
        Assert.Equal(HttpStatusCode.OK, failing.StatusCode);

        var markdown = await Http.GetStringAsync($"/api/incidents/{incident}/report");
        Assert.Contains($"| users affected | {ImpactSection.LiveUsers} |", markdown);
        var users = (await Grain(id).GetAffectedUsers())!;
        Assert.Equal(0, users.PredictionsWithUser);
        Assert.Empty(users.Hours);
    }
}
