using Fleet.Tests.Security;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>The page's sign-in in headless Chromium against the real host: a key in, an HttpOnly session cookie out.</summary>
public sealed class SignInTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_page_asks_for_a_key_signs_in_with_it_and_keeps_only_an_httponly_strict_cookie()
    {
        await fixture.Browser.ClearCookiesAsync();
        var page = await fixture.NewPageAsync(output);
        await page.GotoAsync(fixture.Host.BaseAddress.ToString());
        var dialog = page.Locator("#sign-in");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "connecting");

        await dialog.Locator("input[name=key]").FillAsync("fleet_this-is-no-key-of-this-server-at-all-000");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog.Locator(".error")).ToContainTextAsync("not valid");
        await Screenshots.SaveAsync(page, "sign-in", output);

        await dialog.Locator("input[name=key]").FillAsync(TestKeys.Admin);
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#session")).ToContainTextAsync("first admin");

        var session = Assert.Single(await fixture.Browser.CookiesAsync(), c => c.Name == ".Fleet.Session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(".Fleet.Session", await page.EvaluateAsync<string>("document.cookie"));
        Assert.DoesNotContain(TestKeys.Admin, await page.ContentAsync());

        // A state change with the cookie alone is refused; through the page's own API module (which adds its token) it passes.
        var bare = await page.EvaluateAsync<int>("""
            async () => (await fetch("/api/silences", { method: "POST", headers: { "content-type": "application/json" },
              body: JSON.stringify({ domain: "sign-in-test", duration: "30m", by: "ana", reason: "no token" }) })).status
            """);
        Assert.Equal(403, bare);
        var silence = await page.EvaluateAsync<string>("""
            async () => (await (await import("/js/api.js")).post("/api/silences", { domain: "sign-in-test", duration: "30m", by: "ana", reason: "page" })).id
            """);
        Assert.False(string.IsNullOrEmpty(silence));
        await page.Locator("#session button").ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        Assert.DoesNotContain(await fixture.Browser.CookiesAsync(), c => c.Name == ".Fleet.Session");
        await fixture.CloseAsync(page);
    }

    [Fact]
    public async Task A_signed_in_admin_opens_the_orleans_runtime_dashboard_under_the_pages_security_policy()
    {
        await fixture.SignInAsync(TestKeys.Admin);
        var page = await fixture.NewPageAsync(output);
        var blocked = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) lock (blocked) blocked.Add(m.Text); };
        await page.GotoAsync(new Uri(fixture.Host.BaseAddress, "/orleans/").ToString());
        await Expect(page.Locator("#menu a").First).ToBeVisibleAsync();
        await Expect(page.Locator("#content")).ToContainTextAsync("Silo", new() { Timeout = 20000 });
        await Screenshots.SaveAsync(page, "orleans-runtime-dashboard", output);
        lock (blocked) Assert.True(blocked.Count <= 1, "blocked by the policy: " + string.Join("; ", blocked)); // the loading spinner's inline style only
        await fixture.CloseAsync(page);
    }
}
