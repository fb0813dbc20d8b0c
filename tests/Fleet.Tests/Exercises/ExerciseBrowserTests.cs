using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Browser;
using Fleet.Tests.Core;
using Fleet.Tests.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fleet.Tests.Exercises.ExerciseScenario;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Exercises;

/// <summary>
/// A short exercise end to end in headless Chromium (Debian's): the facilitator creates and starts it on the page,
/// a trainee opens the join link in a browser of their own, acknowledges the incident and retrains a model, and the
/// facilitator sees the team's score. Every response and WebSocket frame the trainee's browser receives is kept and
/// searched for what must stay hidden.
/// </summary>
public sealed class ExerciseBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _scenarios = Directory.CreateTempSubdirectory("fleet-exercise-scenarios-").FullName;
    private FleetTestHost _host = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_scenarios, "drill.yaml"), Yaml + """
            decisionPoints:
              - { at: 25m, question: "Two credit models page. Who do you call?", choices: [model owner, platform on-call] }

            """);
        _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false", $"--Fleet:Simulation:ScenariosPath={_scenarios}"]);
        SetDefaultExpectTimeout(20000); // a shared 2-core machine: the page may take seconds to show a step
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFixture.ExecutablePath, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_scenarios, recursive: true);
    }

    [Fact]
    public async Task Facilitator_creates_a_trainee_joins_acks_and_acts_and_the_facilitator_sees_the_score()
    {
        var errors = new List<string>();
        await using var facilitatorContext = await _browser.NewContextAsync();
        var facilitator = await Open(facilitatorContext, "/", errors);
        await facilitator.Locator("#sign-in input[name=key]").FillAsync(TestKeys.Admin);
        await facilitator.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(facilitator.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await facilitator.GotoAsync(new Uri(_host.BaseAddress, "/#/exercises").ToString());
        var form = facilitator.Locator("form.exercise-create");
        await Expect(form.Locator("select[name=exercise-scenario] option[value=drill]")).ToHaveCountAsync(1);
        await form.Locator("input[name=name]").FillAsync("browser drill");
        await form.Locator("input[name=teams]").FillAsync("red: ana; blue");
        await form.Locator("input[name=speed]").FillAsync("0");
        await form.Locator("button[type=submit]").ClickAsync();
        var exercise = facilitator.Locator("article.exercise");
        await Expect(exercise).ToHaveAttributeAsync("data-state", "created", new() { Timeout = 30000 });
        await exercise.Locator("button[data-command=start]").ClickAsync();
        await Expect(exercise).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 30000 });
        var link = await exercise.Locator("li[data-team=red] a").GetAttributeAsync("href");
        var id = await exercise.GetAttributeAsync("data-exercise-id");
        var world = (await Api.ReadJsonAsync(await _host.Http.GetAsync($"/api/exercises/{id}")))["teams"]![0]!["runId"]!.GetValue<string>();
        await StepAsync(world, 50); // 25 minutes: the drift has paged

        // The trainee, in a browser of their own, through the join link; everything it receives is kept.
        await using var traineeContext = await _browser.NewContextAsync();
        var received = new StringBuilder();
        var pending = new List<Task>();
        traineeContext.Response += (_, r) => { lock (pending) pending.Add(Keep(r, received)); };
        var trainee = await Open(traineeContext, new Uri(link!).PathAndQuery, errors, received);
        await Expect(trainee.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(trainee.Locator("body")).ToHaveAttributeAsync("data-trainee", "true");
        await Expect(trainee.Locator(".tile")).ToHaveCountAsync(4);
        await Expect(trainee.Locator("nav.views a[data-view=runs]")).ToHaveCountAsync(0);
        Assert.DoesNotContain("join=", trainee.Url);

        // The run stopped at the decision point (25m): the question is on the trainee's page.
        var decision = trainee.Locator("#decision");
        await Expect(decision.Locator(".question")).ToHaveTextAsync("Two credit models page. Who do you call?");
        await decision.Locator("input[value='model owner']").CheckAsync();
        await decision.Locator("textarea[name=answer]").FillAsync("lending owns both; page them");
        await decision.Locator("button[type=submit]").ClickAsync();
        await Expect(decision).ToContainTextAsync("Answer recorded");

        var incident = trainee.Locator("#alerts .incident:has(a[href='#/model/credit-001']), #alerts .incident:has(a[href='#/model/credit-002'])").First;
        await incident.Locator("button[data-do='ack']").ClickAsync();
        var dialog = trainee.Locator("#alert-dialog[open]");
        await dialog.Locator("input[name=by]").FillAsync("ana");
        await dialog.Locator("textarea[name=reason]").FillAsync("quality fell on two credit models");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await StepAsync(world, 51); // the acknowledgement is a run input: the run applies it at its next tick
        await Expect(incident).ToHaveAttributeAsync("data-acknowledged", "true");

        foreach (var model in Drifted)
        {
            await trainee.GotoAsync(new Uri(_host.BaseAddress, $"/#/model/{model}").ToString());
            await trainee.Locator("button[data-action='retrain']").ClickAsync();
            var act = trainee.Locator("dialog[open]");
            await act.Locator("input[name=by]").FillAsync("ana");
            await act.Locator("textarea[name=reason]").FillAsync("concept moved: retrain on recent labels");
            await act.Locator("button[type=submit]").ClickAsync();
            await Expect(trainee.Locator("dialog[open]")).ToHaveCountAsync(0);
        }
        await StepAsync(world, 180); // to 90 minutes: the retrained versions serve
        await trainee.GotoAsync(new Uri(_host.BaseAddress, "/#/model/credit-001").ToString());
        await Expect(trainee.Locator(".timeline")).ToContainTextAsync("concept moved");
        await Task.Delay(1000);

        // The facilitator sees the score: the red team mitigated at its retrain (25m, 15 minutes after the impact).
        await facilitator.ReloadAsync();
        var red = facilitator.Locator("table.scoreboard tr[data-team=red]");
        await Expect(red).ToContainTextAsync("00:15:00", new() { Timeout = 60000 });
        await Expect(red).ToContainTextAsync("retrain credit-00");
        await Expect(facilitator.Locator("ul.decisions li[data-team=red]")).ToContainTextAsync("[model owner] lending owns both; page them");
        // Beside the scoreboard, the red team's timeline: the injection with its true impact, then what the team did.
        var timeline = facilitator.Locator(".team-timeline[data-team=red]");
        await Expect(timeline.Locator("tr[data-side=scenario][data-kind=injection] td.scenario")).ToContainTextAsync($"injection {InjectionName}");
        await Expect(timeline.Locator("tr[data-side=scenario][data-kind=injection] td.scenario")).ToContainTextAsync("bad (doing nothing ");
        await Expect(timeline.Locator("tr[data-side=team][data-kind=retrain] td.team")).ToHaveCountAsync(2);
        await Expect(timeline.Locator("tr[data-side=team][data-kind=incident-acknowledged]").First).ToContainTextAsync("by ana");
        await Expect(timeline.Locator("tr[data-side=team][data-kind=decision]")).ToContainTextAsync("lending owns both");
        await Expect(timeline.Locator(".impact-bar")).ToHaveCountAsync(90); // 180 ticks played, in spans of two
        await Screenshots.SaveAsync(facilitator, "exercise-scoreboard", output);
        await Screenshots.SaveAsync(trainee, "exercise-trainee", output);

        Task[] all;
        lock (pending) all = [.. pending];
        await Task.WhenAll(all);
        var traffic = received.ToString();
        Assert.Contains("credit-001", traffic); // the capture did see the trainee's fleet
        foreach (var hidden in new[] { DescriptionMarker, GoodResponseMarker, InjectionName, "concept-drift", "exercise-drift", "Retrain the two drifted", "idealResponse" })
            Assert.DoesNotContain(hidden, traffic, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Facilitator_creates_an_exercise_from_a_scenario_file_of_their_own()
    {
        var errors = new List<string>();
        await using var context = await _browser.NewContextAsync();
        var facilitator = await Open(context, "/", errors);
        await facilitator.Locator("#sign-in input[name=key]").FillAsync(TestKeys.Admin);
        await facilitator.Locator("#sign-in button[type=submit]").ClickAsync();
        await Expect(facilitator.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await facilitator.GotoAsync(new Uri(_host.BaseAddress, "/#/exercises").ToString());
        var form = facilitator.Locator("form.exercise-create");
        await Expect(form.Locator("select[name=exercise-scenario] option[value=drill]")).ToHaveCountAsync(1); // a shipped one is chosen
        var uploaded = Yaml.Replace("name: exercise-drift", "name: uploaded-drill", StringComparison.Ordinal);
        await form.Locator("input[name=exercise-scenario-file]").SetInputFilesAsync(new FilePayload
        {
            Name = "uploaded-drill.yaml", MimeType = "application/yaml", Buffer = Encoding.UTF8.GetBytes(uploaded),
        });
        await form.Locator("input[name=name]").FillAsync("own drill");
        await form.Locator("input[name=teams]").FillAsync("green: cy");
        await form.Locator("input[name=speed]").FillAsync("0");
        await form.Locator("button[type=submit]").ClickAsync();
        var exercise = facilitator.Locator("article.exercise");
        await Expect(exercise).ToHaveAttributeAsync("data-state", "created", new() { Timeout = 30000 });

        // The exercise plays the file's text, not the shipped scenario the list showed.
        var id = await exercise.GetAttributeAsync("data-exercise-id");
        var stored = await Api.ReadJsonAsync(await _host.Http.GetAsync($"/api/exercises/{id}"));
        Assert.Equal(uploaded, stored["scenario"]!.GetValue<string>());
        Assert.Empty(errors);
    }

    private async Task<IPage> Open(IBrowserContext context, string path, List<string> errors, StringBuilder? frames = null)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20000);
        page.PageError += (_, e) => { output.WriteLine($"[page error] {e}"); lock (errors) errors.Add(e); };
        if (frames is not null)
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, f) => { lock (frames) frames.AppendLine(f.Text); };
        await page.GotoAsync(new Uri(_host.BaseAddress, path).ToString());
        return page;
    }

    private static async Task Keep(IResponse response, StringBuilder received)
    {
        try
        {
            var body = await response.TextAsync();
            lock (received) received.AppendLine(response.Url).AppendLine(body);
        }
        catch (PlaywrightException)
        {
            // A redirect or a body the browser already dropped: nothing to search.
        }
    }

    private async Task StepAsync(string run, int ticks)
    {
        async Task<long> Played() => (await Api.ReadJsonAsync(await _host.Http.GetAsync($"/api/runs/{run}")))["ticks"]!.GetValue<long>();
        for (var n = (int)await Played(); n < ticks; n++)
        {
            await _host.Http.PostAsync($"/api/runs/{run}/step", null);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await Played() <= n)
            {
                Assert.True(DateTime.UtcNow < deadline, $"run {run} did not play tick {n + 1}");
                await Task.Delay(2);
            }
        }
    }
}
