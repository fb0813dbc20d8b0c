using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Reports;

/// <summary>
/// One real Fleet host (no demo) for the report tests over HTTP, with one upstream-outage run played to its
/// 90th minute at full speed (the outage and its recovery), so every test reads the same finished run.
/// </summary>
public sealed class ReportHostFixture : IAsyncLifetime
{
    public const string Scenario = "upstream-outage";

    private FleetTestHost? _host;

    internal FleetTestHost Host => _host ?? throw new InvalidOperationException("host not started");

    public HttpClient Http => Host.Http;

    public string RunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _host = await FleetTestHost.StartAsync(settings: ["--Fleet:Demo:Enabled=false"]);
        var started = await Http.PostAsync("/api/runs", Api.Body(new JsonObject { ["scenario"] = Scenario, ["until"] = "90m" }));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        RunId = (await Api.ReadJsonAsync(started))["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (true)
        {
            var state = (await Api.ReadJsonAsync(await Http.GetAsync($"/api/runs/{RunId}")))["state"]!.GetValue<string>();
            if (state == "finished") return;
            Assert.True(state is "starting" or "running", $"run {RunId} is {state}");
            Assert.True(DateTime.UtcNow < deadline, $"run {RunId} did not finish in 8 minutes");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
