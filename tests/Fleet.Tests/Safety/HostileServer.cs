using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Safety;

/// <summary>One request the CLI made, as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, string RawTarget);

/// <summary>
/// A hostile server: a real Kestrel server on a free loopback port that answers whatever the test says, to show
/// what the CLI does with answers Fleet itself would never send (it refuses control characters on the way in).
/// The CLI's contract with Fleet is tested against the real server (tests/Fleet.Tests/Client).
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostileServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<RecordedRequest, (int Status, string Body)> Respond { get; set; } = _ => (404, """{"error":"not found"}""");

    public static async Task<HostileServer> StartAsync(Func<RecordedRequest, (int Status, string Body)>? respond = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        HostileServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                await reader.ReadToEndAsync(),
                context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
            server!.Requests.Enqueue(request);

            var (status, body) = server.Respond(request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });

        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new HostileServer(app, url);
        if (respond is not null)
            server.Respond = respond;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
