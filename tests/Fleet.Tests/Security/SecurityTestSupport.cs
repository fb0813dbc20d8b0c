using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Security;

/// <summary>Keys made through the real API, and clients that carry them (or nothing).</summary>
internal static class KeyApi
{
    public static async Task<(string Id, string Key)> CreateAsync(HttpClient admin, string name, params string[] roles)
    {
        var answer = await admin.PostAsync("/api/keys", Api.Body(new JsonObject { ["name"] = name, ["roles"] = new JsonArray(roles.Select(r => (JsonNode)r!).ToArray()) }));
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var created = await Api.ReadJsonAsync(answer);
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    /// <summary>A client with no key; <paramref name="key"/> adds one. Redirects are not followed (HttpClient would drop the key).</summary>
    public static HttpClient Client(Uri baseAddress, string? key = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return key is null ? http : http.Authorized(key);
    }

    /// <summary>The error body's field (401 and 403 answers carry {error, field, reason}).</summary>
    public static async Task<string?> FieldAsync(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        try { return JsonNode.Parse(text) is JsonObject body ? body["field"]?.GetValue<string>() : null; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}

/// <summary>A browser-like client: no key header, only what POST /api/session gives (cookies and the anti-forgery token).</summary>
internal sealed class CookieSession : IDisposable
{
    public CookieSession(Uri baseAddress)
    {
        Handler = new HttpClientHandler { CookieContainer = Cookies, UseCookies = true };
        Http = new HttpClient(Handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClientHandler Handler { get; }

    public HttpClient Http { get; }

    /// <summary>The token from the last sign-in (or a trainee's join).</summary>
    public string? Antiforgery { get; set; }

    /// <summary>Every Set-Cookie header of the sign-in answer.</summary>
    public IReadOnlyList<string> SetCookies { get; private set; } = [];

    public async Task SignInAsync(string key)
    {
        using var answer = await Http.PostAsync("/api/session", Api.Body(new JsonObject { ["key"] = key }));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        SetCookies = answer.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        Antiforgery = (await Api.ReadJsonAsync(answer))["antiforgery"]!.GetValue<string>();
    }

    /// <summary>A request as the page makes it, with the token unless <paramref name="withToken"/> is false.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, bool withToken = true, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Api.Body(json) };
        if (withToken && Antiforgery is not null) request.Headers.Add("X-Fleet-Antiforgery", Antiforgery);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
