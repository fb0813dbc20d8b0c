using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Client;
using Fleet.Tests.Core;

namespace Fleet.Tests.Contracts;

/// <summary>A silence's rule must be an alert the catalogue declares: a misspelt one is refused naming the field, not taken to silence nothing.</summary>
[Collection(HostCollection.Name)]
public sealed class SilenceRuleTests(HostFixture host)
{
    private const string Refusal = "'error-rat' is not a declared alert rule (see GET /api/catalogue)";

    private static JsonObject Silence(string rule, string model) =>
        new() { ["rule"] = rule, ["model"] = model, ["duration"] = "1m", ["by"] = "ana", ["reason"] = "planned work" };

    [Fact]
    public async Task The_api_refuses_a_silence_of_an_undeclared_rule_naming_the_rule()
    {
        var answer = await host.Http.PostAsync("/api/silences", Api.Body(Silence("error-rat", Ev.NewId("silenced"))));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = await Api.ReadJsonAsync(answer);
        Assert.Equal("rule", error["field"]!.GetValue<string>());
        Assert.StartsWith(Refusal, error["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_alert_the_catalogue_declares_can_be_silenced_including_a_burn_rate_window()
    {
        var catalogue = await Api.ReadJsonAsync(await host.Http.GetAsync("/api/catalogue"));
        var names = catalogue["alertRules"]!.AsArray().Select(r => r!["name"]!.GetValue<string>())
            .Concat(catalogue["burnRateRules"]!.AsArray().SelectMany(b => b!["windows"]!.AsArray().Select(w => w!["alert"]!.GetValue<string>())))
            .ToList();
        Assert.Contains("error-rate", names);
        Assert.Contains(names, n => n.StartsWith("availability-burn", StringComparison.Ordinal));

        foreach (var name in names)
        {
            // A model nobody registered: the silence is taken and matches nothing other tests read.
            var answer = await host.Http.PostAsync("/api/silences", Api.Body(Silence(name, Ev.NewId("silenced"))));
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{name}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_silence_action_on_a_model_refuses_an_undeclared_rule()
    {
        var id = Ev.NewId("silence-action");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "credit")))).StatusCode);

        var answer = await host.Http.PostAsync($"/api/models/{id}/actions", Api.Body(new JsonObject
        {
            ["action"] = "silence", ["rule"] = "error-rat", ["duration"] = "30m", ["by"] = "ana", ["reason"] = "planned work",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = await Api.ReadJsonAsync(answer);
        Assert.Equal("rule", error["field"]!.GetValue<string>());
        Assert.StartsWith(Refusal, error["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_says_the_rule_is_not_declared_and_exits_1()
    {
        var cli = await CliRunner.AgainstAsync(host, "silence", "--rule", "error-rat", "--model", Ev.NewId("silenced"), "--for", "1m", "--by", "ana", "--reason", "planned work");

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"rule: {Refusal}", cli.Error);
    }
}
