using System.Net;
using System.Net.WebSockets;
using Fleet.Tests.Core;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fleet.Tests.Security;

/// <summary>
/// What protects a signed-in page: the session cookie's flags, anti-forgery on every state change,
/// the Origin check (a page of another origin can neither read nor act, nor open the hub), the
/// allowed host names and the security headers. Real host, real HTTP, real WebSocket.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BrowserDefenceTests(HostFixture host)
{
    private const string Foreign = "http://evil.example";
    private const string Silence = """{"domain":"defence-tests","duration":"30m","by":"ana","reason":"maintenance"}""";

    private string Own => host.Host.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Signing_in_gives_an_httponly_samesite_strict_cookie_and_no_key_leaves_the_server()
    {
        var (_, key) = await KeyApi.CreateAsync(host.Http, "page", "view");
        using var page = new CookieSession(host.Host.BaseAddress);
        await page.SignInAsync(key);

        var session = Assert.Single(page.SetCookies, c => c.StartsWith(".Fleet.Session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", session.Replace("samesite", ""), StringComparison.OrdinalIgnoreCase); // plain http here: Secure only on https
        Assert.DoesNotContain(key, string.Join(";", page.SetCookies));
        var me = await Api.ReadJsonAsync(await page.Http.GetAsync("/api/session"));
        Assert.Equal("page", me["name"]!.GetValue<string>());
        Assert.Equal(["view"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await page.Http.GetAsync("/api/fleet")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_does_not_sign_in()
    {
        using var page = new CookieSession(host.Host.BaseAddress);
        using var answer = await page.Http.PostAsync("/api/session", Api.Body("""{"key":"fleet_not-a-key-not-a-key-not-a-key-000"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("key", await KeyApi.FieldAsync(answer));
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.Http.GetAsync("/api/fleet")).StatusCode);
    }

    [Fact]
    public async Task A_state_change_with_the_cookie_needs_the_antiforgery_token()
    {
        var (_, key) = await KeyApi.CreateAsync(host.Http, "operator-page", "operate");
        using var page = new CookieSession(host.Host.BaseAddress);
        await page.SignInAsync(key);

        using var without = await page.SendAsync(HttpMethod.Post, "/api/silences", Silence, withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal("antiforgery", await KeyApi.FieldAsync(without));

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = Api.Body(Silence) };
        request.Headers.Add("X-Fleet-Antiforgery", "forged-token");
        using var forged = await page.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("antiforgery", await KeyApi.FieldAsync(forged));

        // Another session's token does not fit this session either.
        using var other = new CookieSession(host.Host.BaseAddress);
        await other.SignInAsync(key);
        var stolen = new HttpRequestMessage(HttpMethod.Post, "/api/silences") { Content = Api.Body(Silence) };
        stolen.Headers.Add("X-Fleet-Antiforgery", other.Antiforgery);
        using var mismatched = await page.Http.SendAsync(stolen);
        Assert.Equal(HttpStatusCode.Forbidden, mismatched.StatusCode);

        using var with = await page.SendAsync(HttpMethod.Post, "/api/silences", Silence);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task A_request_from_another_origin_is_refused_even_with_the_cookie_and_the_token()
    {
        var (_, key) = await KeyApi.CreateAsync(host.Http, "origin-page", "operate");
        using var page = new CookieSession(host.Host.BaseAddress);
        await page.SignInAsync(key);

        using var read = await page.SendAsync(HttpMethod.Get, "/api/fleet", origin: Foreign);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("origin", await KeyApi.FieldAsync(read));
        using var act = await page.SendAsync(HttpMethod.Post, "/api/silences", Silence, origin: Foreign);
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        Assert.Equal("origin", await KeyApi.FieldAsync(act));
        using var signIn = await KeyApi.Client(host.Host.BaseAddress).SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/session")
        {
            Content = Api.Body($$"""{"key":"{{key}}"}"""), Headers = { { "Origin", Foreign } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);

        // The page's own origin passes.
        Assert.Equal(HttpStatusCode.OK, (await page.SendAsync(HttpMethod.Get, "/api/fleet", origin: Own)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await page.SendAsync(HttpMethod.Post, "/api/silences", Silence, origin: Own)).StatusCode);
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_key_and_a_websocket_from_another_origin()
    {
        await using var anonymous = new HubConnectionBuilder().WithUrl(new Uri(host.Host.BaseAddress, "/hubs/fleet")).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var (_, key) = await KeyApi.CreateAsync(host.Http, "hub-page", "view");
        using var page = new CookieSession(host.Host.BaseAddress);
        await page.SignInAsync(key);
        using var negotiate = await page.SendAsync(HttpMethod.Post, "/hubs/fleet/negotiate?negotiateVersion=1", origin: Foreign);
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        using var ownNegotiate = await page.SendAsync(HttpMethod.Post, "/hubs/fleet/negotiate?negotiateVersion=1", origin: Own);
        Assert.Equal(HttpStatusCode.OK, ownNegotiate.StatusCode);

        var socketUri = new UriBuilder(new Uri(host.Host.BaseAddress, "/hubs/fleet")) { Scheme = "ws" }.Uri;
        using var foreignSocket = Socket(page, Foreign);
        var handshake = await Assert.ThrowsAsync<WebSocketException>(() => foreignSocket.ConnectAsync(socketUri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, foreignSocket.HttpStatusCode);
        using var ownSocket = Socket(page, Own);
        await ownSocket.ConnectAsync(socketUri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, ownSocket.State);
    }

    private static ClientWebSocket Socket(CookieSession page, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = page.Cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        return socket;
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        using var anonymous = KeyApi.Client(host.Host.BaseAddress);
        foreach (var path in new[] { "/", "/js/app.js", "/healthz", "/api/fleet" })
        {
            using var answer = await anonymous.GetAsync(path);
            var csp = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", answer.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task A_host_name_that_is_not_allowed_is_refused_so_dns_rebinding_reaches_nothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/fleet");
        request.Headers.Host = "rebound.example";
        using var answer = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("host", await KeyApi.FieldAsync(answer));
        var own = new HttpRequestMessage(HttpMethod.Get, "/api/fleet");
        own.Headers.Host = "localhost:" + host.Host.BaseAddress.Port;
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(own)).StatusCode);
    }
}
