using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;
using Xunit;

namespace Fleet.Tests.Owner;

/// <summary>An owner's own alert rules over real HTTP: declared with the registration, answered back, silenced with the model, and every wrong field refused by name.</summary>
[Collection(HostCollection.Name)]
public sealed class OwnAlertRulesApiTests(HostFixture host)
{
    private HttpClient Http => host.Http;

    private static JsonObject OptOutRule() => new()
    {
        ["name"] = "opt-outs-1pct", ["reading"] = "optOut.rate@7d", ["comparison"] = ">", ["threshold"] = 0.01, ["for"] = "1h", ["severity"] = "page",
    };

    private static JsonObject Registration(params JsonObject[] rules)
    {
        var registration = Api.Registration();
        registration["alerts"] = new JsonArray([.. rules]);
        return registration;
    }

    [Fact]
    public async Task A_registration_declares_its_own_rule_on_an_owner_reading_and_it_can_be_silenced_with_its_model()
    {
        var id = Ev.NewId("own-rules");
        var answer = await Http.PutAsync($"/api/models/{id}", Api.Body(Registration(OptOutRule())));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var rule = (await Api.ReadJsonAsync(answer))["alerts"]!.AsArray().Single()!;
        Assert.Equal(["opt-outs-1pct", "optOut.rate@7d", ">", "1h", "0s", "page"],
            new[] { "name", "reading", "comparison", "for", "keepFiringFor", "severity" }.Select(f => rule[f]!.GetValue<string>()));
        Assert.Equal(0.01, rule["threshold"]!.GetValue<double>());
        // The rule as answered (a zero hold written "0s") registers again as it is.
        var again = Api.Registration();
        again["alerts"] = new JsonArray(rule.DeepClone());
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(again))).StatusCode);

        JsonObject Silence(string? model) => new() { ["rule"] = "opt-outs-1pct", ["model"] = model, ["duration"] = "1h", ["by"] = "ana", ["reason"] = "campaign" };
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsync("/api/silences", Api.Body(Silence(id)))).StatusCode);
        var unnamed = await Http.PostAsync("/api/silences", Api.Body(Silence(null)));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("rule", (await Api.ReadJsonAsync(unnamed))["field"]!.GetValue<string>());
    }

    public static TheoryData<string, JsonNode?, string> BadRules => new()
    {
        { "reading", "optOut.rate@1h", "alerts[0].reading" },
        { "reading", null, "alerts[0].reading" },
        { "comparison", "=>", "alerts[0].comparison" },
        { "threshold", null, "alerts[0].threshold" },
        { "threshold", "1%", "alerts[0].threshold" },
        { "for", "soon", "alerts[0].for" },
        { "keepFiringFor", "-1h", "alerts[0].keepFiringFor" },
        { "severity", "urgent", "alerts[0].severity" },
        { "severity", "2", "alerts[0].severity" },
        { "name", "Opt outs", "alerts[0].name" },
        { "name", "opt-out-rate", "alerts[0].name" },   // the fleet's rule
        { "name", "availability-burn[1h/5m]", "alerts[0].name" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task A_wrong_rule_is_refused_naming_its_field_and_the_model_keeps_its_rules(string field, JsonNode? value, string named)
    {
        var id = Ev.NewId("own-rules");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync($"/api/models/{id}", Api.Body(Registration(OptOutRule())))).StatusCode);

        var bad = OptOutRule();
        bad["name"] = "other";
        bad[field] = value?.DeepClone();
        var answer = await Http.PutAsync($"/api/models/{id}", Api.Body(Registration(bad)));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(named, (await Api.ReadJsonAsync(answer))["field"]!.GetValue<string>());

        var model = await Api.ReadJsonAsync(await Http.GetAsync($"/api/models/{id}"));
        Assert.Equal("opt-outs-1pct", model["alerts"]!.AsArray().Single()!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_rules_of_one_name_and_more_than_sixteen_rules_are_refused()
    {
        var twice = await Http.PutAsync($"/api/models/{Ev.NewId("own-rules")}", Api.Body(Registration(OptOutRule(), OptOutRule())));
        Assert.Equal("alerts[1].name", (await Api.ReadJsonAsync(twice))["field"]!.GetValue<string>());

        var many = Enumerable.Range(0, 17).Select(i => { var r = OptOutRule(); r["name"] = $"rule-{i}"; return r; }).ToArray();
        var tooMany = await Http.PutAsync($"/api/models/{Ev.NewId("own-rules")}", Api.Body(Registration(many)));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("alerts", (await Api.ReadJsonAsync(tooMany))["field"]!.GetValue<string>());
    }
}
