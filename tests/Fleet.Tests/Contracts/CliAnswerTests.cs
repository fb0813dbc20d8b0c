using System.Net;
using Fleet.Actions;
using Fleet.Tests.Client;
using Fleet.Tests.Core;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Contracts;

/// <summary>The CLI reads the alert book and the action declarations of the real server through the typed contracts.</summary>
[Collection(HostCollection.Name)]
public sealed class CliAnswerTests(HostFixture host)
{
    [Fact]
    public async Task Fleet_actions_shows_every_action_the_server_declares_with_its_targets_and_parameters()
    {
        var cli = await CliRunner.AgainstAsync(host, "actions");

        Assert.True(cli.ExitCode == 0, cli.Error);
        var rows = cli.Output.Split('\n');
        foreach (var action in OperatorActions.All)
            Assert.Contains(rows, r => r.Contains($" {action.Name} ", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(" force-level ", StringComparison.Ordinal) && r.Contains("--level 1|2|3|4|5", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains(" acknowledge ", StringComparison.Ordinal) && r.Contains("model, incident", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fleet_alerts_and_incidents_show_a_paging_model_s_alert_and_its_incident_milestones()
    {
        var id = Ev.NewId("cli-incident");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PutAsync($"/api/models/{id}", Api.Body(Api.Registration(domain: "cli-" + Guid.NewGuid().ToString("N")[..6])))).StatusCode);
        await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0, Api.Predictions(150, T0, latencyMs: 900))));
        var incident = (await Api.ReadJsonAsync(await host.Http.GetAsync($"/api/alerts?model={id}&state=firing"))).AsArray()
            .Single(a => a!["rule"]!.GetValue<string>() == "model-degraded")!["incidentId"]!.GetValue<string>();

        var alerts = await CliRunner.AgainstAsync(host, "alerts", "--model", id, "--state", "firing");
        Assert.True(alerts.ExitCode == 0, alerts.Error);
        Assert.Contains(alerts.Output.Split('\n'), r => r.Contains("firing", StringComparison.Ordinal) && r.Contains("page", StringComparison.Ordinal)
            && r.Contains("model-degraded", StringComparison.Ordinal) && r.Contains(incident, StringComparison.Ordinal));

        var incidents = await CliRunner.AgainstAsync(host, "incidents", "--open");
        Assert.True(incidents.ExitCode == 0, incidents.Error);
        var row = Assert.Single(incidents.Output.Split('\n'), r => r.Contains($" {incident} ", StringComparison.Ordinal));
        Assert.Contains(" yes ", row);
        Assert.Contains(" page ", row);
        Assert.Contains(T0.ToString("yyyy-MM-dd ", System.Globalization.CultureInfo.InvariantCulture), row); // milestones in event time, read as times
    }

    [Fact]
    public async Task Fleet_silence_shows_the_silence_the_server_made()
    {
        var model = Ev.NewId("cli-silenced");

        var cli = await CliRunner.AgainstAsync(host, "silence", "--rule", "error-rate", "--model", model, "--for", "30m", "--by", "ana", "--reason", "planned work");

        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Matches($"^[^:]+: silenced rule=error-rate, model={System.Text.RegularExpressions.Regex.Escape(model)} until \\d{{4}}-\\d{{2}}-\\d{{2}} \\d{{2}}:\\d{{2}}:\\d{{2}}Z by ana", cli.Output);
    }
}
