using System.Net;
using System.Text.Json.Nodes;
using Fleet.Silo.Storage.Runs;
using Fleet.Tests.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Journal;

/// <summary>The durable run journal over real HTTP on a real host and SQLite file.</summary>
public sealed class RunJournalTests(JournalHostFixture fixture) : IClassFixture<JournalHostFixture>
{
    private HttpClient Http => fixture.Http;

    private SqlRunJournal Store => fixture.Host.Services.GetRequiredService<SqlRunJournal>();

    [Fact]
    public async Task An_action_is_in_the_journal_with_the_tick_it_applies_at_before_it_is_acknowledged()
    {
        var id = await Runs.StartAsync(Http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
        try
        {
            await Runs.StepToAsync(Http, id, 3);
            var answer = await Runs.ActAsync(Http, id, "credit-001", "kill-switch", from: "cli");
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

            // Read straight from the database, before the run plays another tick: the 202 came after the write.
            var input = Assert.Single(await Store.InputsAsync(id));
            Assert.Equal((3L, "kill-switch", "credit-001", "erin", "cli", "pager went off"), (input.Tick, input.Kind, input.Target, input.By, input.From, input.Detail));
            var start = (await Runs.StatusAsync(Http, id))["start"]!.GetValue<DateTimeOffset>();
            Assert.Equal(start + TimeSpan.FromSeconds(30), input.At);

            await Runs.StepToAsync(Http, id, 4);
            var summary = await Api.ReadJsonAsync(await Http.GetAsync($"/api/runs/{id}/summary"));
            var applied = summary["journal"]!.AsArray().Single(e => e!["kind"]!.GetValue<string>() == "kill-switch")!;
            Assert.Equal(input.At, applied["at"]!.GetValue<DateTimeOffset>());
        }
        finally
        {
            await Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }

    [Fact]
    public async Task The_journal_pages_with_a_stable_cursor_in_event_time_order_and_holds_inputs_and_facts()
    {
        var id = await Runs.PlayWithInputsAsync(Http);

        var whole = await Runs.JournalAsync(Http, id, limit: 1000);
        var paged = await Runs.JournalAsync(Http, id, limit: 7);
        Assert.Equal(whole.Select(e => e.ToJsonString()), paged.Select(e => e.ToJsonString()));
        var positions = whole.Select(e => e["position"]!.GetValue<long>()).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Count, positions.Distinct().Count());
        // Event-time order to the tick: each entry lies within its tick, and ticks never go back.
        var ticks = whole.Select(e => e["tick"]!.GetValue<long>()).ToList();
        Assert.Equal(ticks.Order(), ticks);
        var start = (await Runs.StatusAsync(Http, id))["start"]!.GetValue<DateTimeOffset>();
        foreach (var e in whole)
            Assert.InRange(e["at"]!.GetValue<DateTimeOffset>() - start, TimeSpan.FromSeconds(10 * e["tick"]!.GetValue<long>()),
                TimeSpan.FromSeconds(10 * (e["tick"]!.GetValue<long>() + 1)));

        var kinds = whole.Select(e => e["kind"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "kill-switch", "inject", "injection", "injection-ended", "level", "alert", "incident", "figures", "truth" }, kinds);
        // Every incident the book holds at the end was journaled as opened, and resolved if it is.
        var book = (await Api.ReadJsonAsync(await Http.GetAsync($"/api/incidents?world={id}"))).AsArray();
        Assert.NotEmpty(book);
        foreach (var incident in book)
        {
            var milestones = whole.Where(e => e["kind"]!.GetValue<string>() == "incident" && e["target"]!.GetValue<string>() == incident!["id"]!.GetValue<string>())
                .Select(e => e["detail"]!.GetValue<string>().Split(':')[0]).ToList();
            Assert.Equal("opened", milestones[0]);
            Assert.Equal(!incident!["open"]!.GetValue<bool>(), milestones.Contains("resolved"));
        }
        var inputs = whole.Where(e => e["input"] is not null).ToList();
        Assert.Equal(["cli", "page"], inputs.Select(e => e["from"]!.GetValue<string>()));
        Assert.Equal([5L, 12L], inputs.Select(e => e["tick"]!.GetValue<long>()));

        var listed = (await Api.ReadJsonAsync(await Http.GetAsync("/api/runs"))).AsArray().Single(r => r!["id"]!.GetValue<string>() == id)!;
        var summary = await Api.ReadJsonAsync(await Http.GetAsync($"/api/runs/{id}/summary"));
        Assert.Equal(("scenario", "determinism", 5, "finished"),
            (listed["source"]!.GetValue<string>(), listed["scenario"]!.GetValue<string>(), listed["seed"]!.GetValue<int>(), listed["state"]!.GetValue<string>()));
        Assert.Equal(summary["digest"]!.GetValue<string>(), listed["digest"]!.GetValue<string>());
        var header = await Store.GetAsync(id);
        Assert.Equal(summary["digest"]!.GetValue<string>(), header!.Digest);
        Assert.Equal(360, header.Ticks);
        Assert.Equal(whole.Count, header.Entries);
    }

    [Theory]
    [InlineData("after=abc", "after")]
    [InlineData("after=-2", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task A_bad_cursor_or_page_size_is_refused_naming_it(string query, string field)
    {
        var id = await Runs.StartAsync(Http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
        await Http.PostAsync($"/api/runs/{id}/stop", null);
        var answer = await Http.GetAsync($"/api/runs/{id}/journal?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(field, (await Api.ReadJsonAsync(answer))["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Inputs_from_nowhere_known_jumps_outside_the_run_and_unknown_runs_are_refused_with_4xx()
    {
        var id = await Runs.StartAsync(Http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
        try
        {
            async Task<string> Refused(HttpResponseMessage answer, HttpStatusCode status)
            {
                var body = await Api.ReadJsonAsync(answer);
                Assert.True(answer.StatusCode == status, $"{answer.StatusCode}: {body}");
                return body["field"]!.GetValue<string>();
            }
            Assert.Equal("from", await Refused(await Runs.ActAsync(Http, id, "credit-001", "kill-switch", from: "fax"), HttpStatusCode.BadRequest));
            var start = (await Runs.StatusAsync(Http, id))["start"]!.GetValue<DateTimeOffset>();
            Assert.Equal("to", await Refused(await Http.PostAsync($"/api/runs/{id}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(start) })), HttpStatusCode.BadRequest));
            Assert.Equal("to", await Refused(await Http.PostAsync($"/api/runs/{id}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(start.AddDays(2)) })), HttpStatusCode.BadRequest));
            Assert.Equal("to", await Refused(await Http.PostAsync($"/api/runs/{id}/jump", Api.Body("{}")), HttpStatusCode.BadRequest));
            Assert.Equal("id", await Refused(await Http.GetAsync("/api/runs/no-such-run/journal"), HttpStatusCode.NotFound));
            Assert.Equal("id", await Refused(await Http.PostAsync("/api/runs/no-such-run/replay", Api.Body("{}")), HttpStatusCode.NotFound));
            Assert.Equal("id", await Refused(await Http.GetAsync($"/api/runs/{id}/comparison"), HttpStatusCode.NotFound));
            Assert.Equal("thresholds.latency", await Refused(await Http.PostAsync($"/api/runs/{id}/replay",
                Api.Body(new JsonObject { ["thresholds"] = "latency: 5" })), HttpStatusCode.BadRequest));
            Assert.Empty(await Store.InputsAsync(id)); // nothing refused reached the journal
        }
        finally
        {
            await Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }

    [Fact]
    public async Task A_jump_plays_a_paused_run_to_the_event_time_at_once_and_leaves_it_paused_there()
    {
        var id = await Runs.StartAsync(Http, new JsonObject { ["scenario"] = Runs.Yaml, ["speed"] = 0 });
        try
        {
            var start = (await Runs.StatusAsync(Http, id))["start"]!.GetValue<DateTimeOffset>();
            var to = start.AddMinutes(20);
            var answer = await Http.PostAsync($"/api/runs/{id}/jump", Api.Body(new JsonObject { ["to"] = Api.Iso(to) }));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var there = await Runs.WaitAsync(Http, id, s => s["jumpingTo"] is null, TimeSpan.FromSeconds(60), "at the jump's time");
            Assert.Equal(to, there["now"]!.GetValue<DateTimeOffset>());
            Assert.Equal(120, there["ticks"]!.GetValue<long>());
            Assert.Equal("paused", there["state"]!.GetValue<string>());
        }
        finally
        {
            await Http.PostAsync($"/api/runs/{id}/stop", null);
        }
    }
}
