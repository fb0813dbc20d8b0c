using System.Net;
using Fleet.Dashboard.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Fleet.Tests.HttpApi;

/// <summary>
/// The runs endpoints take the run control as an optional handler parameter: a host that registers none (it does
/// not run simulations) still maps them and answers 503 naming the field, over real HTTP.
/// </summary>
public sealed class RunsWithoutRunControlTests
{
    [Fact]
    public async Task A_host_without_runs_answers_503_on_every_kind_of_runs_endpoint()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapRunsApi();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        foreach (var response in new[]
        {
            await http.GetAsync("/api/runs"),
            await http.GetAsync("/api/runs/r-1"),
            await http.PostAsync("/api/runs", new StringContent("""{"scenario":"x"}""", System.Text.Encoding.UTF8, "application/json")),
            await http.PostAsync("/api/runs/r-1/speed", new StringContent("""{"speed":2}""", System.Text.Encoding.UTF8, "application/json")),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("\"field\":\"runs\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await app.StopAsync();
    }
}
