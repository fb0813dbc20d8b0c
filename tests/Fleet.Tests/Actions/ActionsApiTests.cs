using System.Net;
using Fleet.Actions;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Actions;

/// <summary>The declared operator actions over real HTTP and through the CLI against the real test host.</summary>
[Collection(HostCollection.Name)]
public sealed class ActionsApiTests(HostFixture host)
{
    public static TheoryData<string> Names => ActionCases.Names;
    public static TheoryData<string, string> Broken => ActionCases.Broken;

    private async Task<string> ServingModelAsync()
    {
        var id = Ev.NewId("acts");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "credit")))).StatusCode);
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(10, T0))));
        return id;
    }

    [Fact]
    public async Task The_server_lists_every_declared_action_with_its_targets_and_parameters()
    {
        var listed = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/actions"))).AsArray();

        Assert.Equal(OperatorActions.All.Select(a => a.Name), listed.Select(a => a!["name"]!.GetValue<string>()));
        var force = listed.Single(a => a!["name"]!.GetValue<string>() == "force-level")!;
        Assert.Equal(["model"], force["targets"]!.AsArray().Select(t => t!.GetValue<string>()));
        var level = Assert.Single(force["parameters"]!.AsArray())!;
        Assert.Equal(("level", "3", true), (level["name"]!.GetValue<string>(), level["default"]!.GetValue<string>(), level["integer"]!.GetValue<bool>()));
        Assert.Equal(["1", "2", "3", "4", "5"], level["choices"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["model", "incident"], listed.Single(a => a!["name"]!.GetValue<string>() == "acknowledge")!["targets"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(listed.Single(a => a!["name"]!.GetValue<string>() == "kill-switch")!["danger"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_declared_model_action_is_accepted_by_the_api_and_by_the_cli(string name)
    {
        var id = await ServingModelAsync();
        var valid = ActionCases.Valid(name);

        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(ActionCases.RequestBody(name, valid)));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(name, (await Api.ReadJsonAsync(answer))["action"]!.GetValue<string>());

        var cli = await CliRunner.AgainstAsync(host, ActionCases.CliArguments(id, name, valid));
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.StartsWith($"{name} by erin", cli.Output);

        var audited = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/timeline"))).AsArray()
            .Where(e => e!["kind"]!.GetValue<string>() == "action" && e["title"]!.GetValue<string>() == name);
        Assert.Equal(2, audited.Count());
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task An_invalid_parameter_gets_the_declaration_s_field_and_reason_from_the_api_and_the_cli(string name, string parameter)
    {
        var id = await ServingModelAsync();
        var broken = ActionCases.BrokenIn(name, parameter);
        var (_, expected) = OperatorActions.Validate(name, ActionTarget.Model, broken);

        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(ActionCases.RequestBody(name, broken)));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = await Api.ReadJsonAsync(answer);
        Assert.Equal((expected!.Field, expected.Reason), (error["field"]!.GetValue<string>(), error["reason"]!.GetValue<string>()));

        var cli = await CliRunner.AgainstAsync(host, ActionCases.CliArguments(id, name, broken));
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"{expected.Field}: {expected.Reason}", cli.Error);
        var timeline = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/models/{id}/timeline"))).AsArray();
        Assert.DoesNotContain(timeline, e => e!["kind"]!.GetValue<string>() == "action");
    }

    [Fact]
    public async Task A_silence_taken_on_a_model_silences_that_model_s_alerts_in_the_alert_book()
    {
        var id = await ServingModelAsync();
        var body = ActionCases.RequestBody("silence", ActionCases.Valid("silence") with { Duration = "30m", Rule = "model-degraded" });

        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(body));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var silences = (await Api.ReadJsonAsync(await host.Http.GetAsync("/api/silences"))).AsArray();
        var silence = Assert.Single(silences, s => s!["matcher"]!["model"]?.GetValue<string>() == id)!;
        Assert.Equal(("model-degraded", "erin"), (silence["matcher"]!["rule"]!.GetValue<string>(), silence["by"]!.GetValue<string>()));
        Assert.Contains(silence["id"]!.GetValue<string>(), (await Api.ReadJsonAsync(answer))["effect"]!.GetValue<string>());
    }
}
