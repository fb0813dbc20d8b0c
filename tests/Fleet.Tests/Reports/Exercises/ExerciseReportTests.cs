using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fleet.Dashboard.Reports;
using Fleet.Tests.Browser;
using Fleet.Tests.Client;
using Fleet.Tests.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Reports.Exercises;

/// <summary>
/// An exercise's reports over the real host, of two scripted teams (<see cref="PlayedExerciseFixture"/>): the teams
/// compared, with each team's scores equal to <c>GET /api/exercises/{id}/score</c>; a team's postmortem with its actions
/// beside the ideal response; the same through `fleet report`; the HTML opened offline in Chromium; the exercise view's buttons.
/// </summary>
public sealed class ExerciseReportTests(PlayedExerciseFixture fixture, ITestOutputHelper output) : IClassFixture<PlayedExerciseFixture>
{
    private string Id => fixture.Id;

    private static string At(TimeSpan offset) => ReportText.Time(Start + offset);

    [Fact]
    public async Task The_comparison_shows_each_team_s_scores_as_the_scoreboard_has_them_who_mitigated_first_and_the_actions_side_by_side()
    {
        var score = await fixture.GetAsync($"/api/exercises/{Id}/score");
        var markdown = await fixture.Http.GetStringAsync($"/api/exercises/{Id}/report");
        output.WriteLine(markdown);
        var teams = score["teams"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(["ideal", "late"], teams.Select(t => t["team"]!.GetValue<string>()));

        // One table of scores: a row per team, in the scoreboard's order, each cell the scoreboard's figure.
        var rows = TableUnder(markdown, "## Scores");
        Assert.Equal(teams.Count, rows.Count);
        foreach (var (team, row) in teams.Zip(rows)) Assert.Equal(Expected(team), row);
        Assert.Equal(Long(teams[0], "idealImpact"), Long(teams[0], "impact")); // the scripted ideal team served what the ideal run did
        Assert.Equal("0", rows[0][4]);

        var mitigated = TableUnder(markdown, "## Who mitigated first", bullets: true);
        Assert.Equal($"ideal: 20m after the impact started ({teams[0]["mitigatedBy"]})", mitigated[0][0]);
        Assert.Equal($"late: 35m after the impact started ({teams[1]["mitigatedBy"]})", mitigated[1][0]);

        // The ideal response is the ideal run's actions; each team's beside it, with the differences named.
        Assert.Equal(Drifted.Select(m => ("retrain", m, Start + IdealAtOffset)),
            score["idealResponse"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["model"]!.GetValue<string>(), a["at"]!.GetValue<DateTimeOffset>())));
        var actions = TableUnder(markdown, "## Actions beside the ideal response");
        Assert.Contains(["retrain credit-004", "–", "–", At(PlayedExerciseFixture.UselessAt)], actions);
        foreach (var model in Drifted)
            Assert.Contains([$"retrain {model}", At(IdealAtOffset), At(IdealAtOffset), At(PlayedExerciseFixture.LateAt)], actions);
        // The ideal team's acknowledgement of the incident is a journaled input of its run, so it is one of its actions.
        Assert.Contains("- ideal: also took acknowledge INC-0001 at 2026-01-05 08:12:00Z by ana\n", markdown);
        Assert.Contains($"- late: took late retrain credit-001 by {At(IdealAtOffset)} (15m late); retrain credit-002 by {At(IdealAtOffset)} (15m late). "
            + $"also took retrain credit-004 at {At(PlayedExerciseFixture.UselessAt)} by ana\n", markdown);
        Assert.Contains("_Scenario exercise-drift, seed 5, 2 team(s), running_", markdown);

        // Each team's timeline in turn, its evidence numbered under the team; every link has its anchor.
        foreach (var (name, n) in new[] { ("ideal", 1), ("late", 2) })
        {
            Assert.Contains($"## Timeline: team {name} (UTC, event time)", markdown);
            var links = Regex.Matches(markdown, $@"\[T{n}\.E\d+\]\(#(t{n}\.e\d+)\)").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.Contains($"<a id=\"{l}\"></a>", markdown));
        }
        // Each timeline is its own team's: only the ideal team acknowledged.
        var (idealTimeline, lateTimeline) = (markdown.Split("## Timeline: team ideal")[1].Split("## Timeline: team late")[0], markdown.Split("## Timeline: team late")[1]);
        Assert.Matches(@"\| INC-\d+ acknowledged by ana \|", idealTimeline);
        Assert.DoesNotContain("acknowledged by ana", lateTimeline);

        var cli = await CliRunner.RunAsync(["report", $"exercise/{Id}", "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(markdown.TrimEnd('\n'), cli.Output.TrimEnd('\n').ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_team_s_postmortem_holds_its_actions_beside_the_ideal_response_and_its_scores()
    {
        var score = await fixture.GetAsync($"/api/exercises/{Id}/score");
        var late = score["teams"]!.AsArray().Single(t => t!["team"]!.GetValue<string>() == "late")!;
        var markdown = await fixture.Http.GetStringAsync($"/api/exercises/{Id}/teams/late/report");
        output.WriteLine(markdown);

        Assert.StartsWith($"# Postmortem: exercise report drill ({Id}), team late\n", markdown);
        Assert.Contains($"_Run {fixture.Runs["late"]}: scenario exercise-drift, seed 5,", markdown);
        var beside = TableUnder(markdown, "## Exercise: team late");
        Assert.Equal(
            [
                ["ideal response", "the team", "difference"],
                [$"retrain credit-001 by {At(IdealAtOffset)}", $"{At(PlayedExerciseFixture.LateAt)} by ana", "15m late"],
                [$"retrain credit-002 by {At(IdealAtOffset)}", $"{At(PlayedExerciseFixture.LateAt)} by ana", "15m late"],
                ["–", $"retrain credit-004 at {At(PlayedExerciseFixture.UselessAt)} by ana", "not in the ideal response"],
            ],
            beside.Take(4));
        var scores = TableUnder(markdown, "## Exercise: team late", skip: 1);
        Assert.Equal(Expected(late).Skip(1), scores.Select(r => r[1]));

        // A run report all the same: its timeline holds the team's retrains, its impact the run's figures.
        var summary = await fixture.GetAsync($"/api/runs/{fixture.Runs["late"]}/summary");
        Assert.Equal(summary["events"]!.GetValue<long>(), ReportAssertions.Figure(markdown, "events generated"));
        foreach (var model in Drifted) Assert.Contains($"| {At(PlayedExerciseFixture.LateAt)} | ana: retrain on {model}, because drill (ready at", markdown);

        var cli = await CliRunner.RunAsync(["report", $"exercise/{Id}/late", "--server", fixture.Host.BaseAddress.ToString(), "--key", TestKeys.Admin]);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(markdown.TrimEnd('\n'), cli.Output.TrimEnd('\n').ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_html_reports_open_offline_in_chromium_with_no_request_and_no_console_error()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        foreach (var (path, name) in new[] { ($"/api/exercises/{Id}/report", "exercise-compared"), ($"/api/exercises/{Id}/teams/ideal/report", "exercise-team-ideal") })
        {
            var answer = await fixture.Http.GetAsync(path + "?format=html");
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("default-src 'none'", answer.Headers.GetValues("Content-Security-Policy").Single());
            var html = await answer.Content.ReadAsStringAsync();
            var file = SavedReports.Save(name, await fixture.Http.GetStringAsync(path), html);

            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, m) => { if (m.Type is "error" or "warning") problems.Add($"{m.Type}: {m.Text}"); };
            page.PageError += (_, e) => problems.Add("page error: " + e);
            page.Request += (_, r) => requests.Add(r.Url);
            var url = new Uri(file).AbsoluteUri;
            await page.GotoAsync(url);
            if (name == "exercise-compared")
            {
                Assert.Equal(2, await page.Locator("#scores tbody tr").CountAsync());
                Assert.True(await page.Locator("#team-2 table.timeline tbody tr").CountAsync() > 3);
                await page.Locator("#team-2 a[href='#t2.e1']").ClickAsync();
                Assert.EndsWith("#t2.e1", page.Url);
            }
            else
            {
                Assert.True(await page.Locator("#exercise table").CountAsync() == 2);
                Assert.True(await page.Locator("svg.model-chart").CountAsync() > 0);
            }
            await Screenshots.SaveAsync(page, "report-" + name, output);
            Assert.Empty(problems);
            Assert.All(requests, r => Assert.StartsWith(url, r));
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_exercise_view_s_buttons_download_the_comparison_and_each_team_s_postmortem()
    {
        SetDefaultExpectTimeout(20000);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20000);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/").ToString());
        await page.Locator("#sign-in input[name=key]").FillAsync(TestKeys.Admin);
        await page.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/#/exercises").ToString());

        var exercise = page.Locator($"article.exercise[data-exercise-id='{Id}']");
        var compare = exercise.Locator(".exercise-controls a[data-do=report]");
        await Expect(compare).ToHaveAttributeAsync("href", $"/api/exercises/{Id}/report?format=html");
        await Expect(exercise.Locator(".exercise-controls a[data-do=report-md]")).ToHaveAttributeAsync("href", $"/api/exercises/{Id}/report?format=md");
        var download = await page.RunAndWaitForDownloadAsync(() => compare.ClickAsync());
        Assert.Equal($"exercise-{Id}.html", download.SuggestedFilename);
        Assert.Contains($"Exercise report drill ({Id}): the teams compared", await File.ReadAllTextAsync((await download.PathAsync())!));

        var team = exercise.Locator("p.team-reports span[data-team=late] a[data-do=report]");
        await Expect(team).ToHaveAttributeAsync("href", $"/api/exercises/{Id}/teams/late/report?format=html");
        download = await page.RunAndWaitForDownloadAsync(() => team.ClickAsync());
        Assert.Contains($"Postmortem: exercise report drill ({Id}), team late", await File.ReadAllTextAsync((await download.PathAsync())!));
        // An exercise not started has no report to give yet.
        await Expect(page.Locator($"article.exercise[data-exercise-id='{fixture.NotStarted}'] a[data-do=report]")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Refusals_name_the_field()
    {
        await Refused($"/api/exercises/{Id}/report?format=pdf", HttpStatusCode.BadRequest, "format");
        await Refused($"/api/exercises/{Id}/teams/late/report?format=pdf", HttpStatusCode.BadRequest, "format");
        await Refused("/api/exercises/ex-nosuchthing/report", HttpStatusCode.NotFound, "id");
        await Refused("/api/exercises/ex-nosuchthing/teams/late/report", HttpStatusCode.NotFound, "id");
        await Refused($"/api/exercises/{Id}/teams/nobody/report", HttpStatusCode.NotFound, "team");
        await Refused($"/api/exercises/{fixture.NotStarted}/teams/waiting/report", HttpStatusCode.Conflict, "team");
        var compared = await fixture.Http.GetStringAsync($"/api/exercises/{fixture.NotStarted}/report");
        Assert.Contains("No timeline: the team's run has not started", compared);
    }

    private static readonly TimeSpan IdealAtOffset = PlayedExerciseFixture.IdealAt;

    private async Task Refused(string path, HttpStatusCode status, string field)
    {
        var answer = await fixture.Http.GetAsync(path);
        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(field, (await Fleet.Tests.Core.Api.ReadJsonAsync(answer))["field"]!.GetValue<string>());
    }

    /// <summary>A team's row as the scoreboard's JSON gives it: counts in the invariant culture, durations as the report writes them.</summary>
    private static string[] Expected(JsonNode t)
    {
        string Count(string name) => t[name] is { } v ? v.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture) : "no ideal response stated";
        string Span(string name) => t[name] is { } v ? ReportText.Duration(TimeSpan.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture)) : "not reached";
        var useless = t["uselessActions"]!.AsArray().Select(a => $"{a!["action"]} {a["model"]}").ToList();
        return
        [
            t["team"]!.GetValue<string>(), Count("impact"), Count("impactWrong"), Count("impactDegraded"), Count("excessOverIdeal"), Count("doNothingImpact"),
            Span("timeToDetect"), Span("timeToAcknowledge"), Span("timeToMitigate"), Span("timeToResolve"), t["mitigatedBy"]?.GetValue<string>() ?? "–",
            useless.Count == 0 ? "none" : string.Join(", ", useless), t["unacknowledgedAlerts"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static long Long(JsonNode t, string name) => t[name]!.GetValue<long>();

    /// <summary>
    /// The rows of the <paramref name="skip"/>th table (or bullet list) under a heading, cells split, without the header
    /// and separator rows of a table (a list's items are one cell each).
    /// </summary>
    private static List<string[]> TableUnder(string markdown, string heading, bool bullets = false, int skip = 0)
    {
        var lines = markdown.Split('\n');
        var at = Array.IndexOf(lines, lines.FirstOrDefault(l => l.StartsWith(heading, StringComparison.Ordinal)));
        Assert.True(at >= 0, $"no section {heading}");
        var section = lines.Skip(at + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        if (bullets) return section.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => new[] { l[2..] }).ToList();
        var tables = new List<List<string[]>>();
        foreach (var line in section)
        {
            if (!line.StartsWith('|')) { if (tables.Count > 0 && tables[^1].Count > 0) tables.Add([]); continue; }
            if (tables.Count == 0) tables.Add([]);
            tables[^1].Add(line.Trim().Trim('|').Trim().Split(" | "));
        }
        var table = tables.Where(t => t.Count > 0).ElementAt(skip);
        // The header row is kept for a team's section (its first table is read whole); the separator never is.
        return heading.StartsWith("## Exercise", StringComparison.Ordinal) && skip == 0
            ? [table[0], .. table.Skip(2)]
            : table.Skip(2).ToList();
    }
}
