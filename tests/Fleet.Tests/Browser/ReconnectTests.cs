using Fleet.Tests.Core;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>The host goes away under an open page and comes back on the same address and data.</summary>
public sealed class ReconnectTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_dropped_connection_shows_reconnecting_then_live_with_current_data()
    {
        var host = fixture.Host;
        var before = $"before-{Guid.NewGuid().ToString("N")[..6]}";
        await host.RegisterAsync(before);
        var page = await fixture.NewPageAsync(output);
        await page.GotoAsync(host.BaseAddress.ToString());
        var state = page.Locator("#connection");
        await Expect(state).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator($".tile[data-model-id='{before}']")).ToHaveAttributeAsync("data-level", "1");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync();
        output.WriteLine($"host stopped in {clock.ElapsedMilliseconds} ms");
        await Expect(state).ToHaveAttributeAsync("data-state", "reconnecting");
        await Screenshots.SaveAsync(page, "reconnecting", output);

        output.WriteLine($"page shows reconnecting at {clock.ElapsedMilliseconds} ms");
        await host.StartAsync();
        output.WriteLine($"host started again at {clock.ElapsedMilliseconds} ms");
        var after = $"after-{Guid.NewGuid().ToString("N")[..6]}";
        await host.RegisterAsync(after);
        await host.SendAsync(before, Clock.T0, 150, latencyMs: 900);

        await Expect(state).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30000 });
        output.WriteLine($"page live again at {clock.ElapsedMilliseconds} ms");
        await Expect(page.Locator($".tile[data-model-id='{after}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($".tile[data-model-id='{before}']")).ToHaveAttributeAsync("data-level", "3");
        await Screenshots.SaveAsync(page, "reconnected", output);
        await fixture.CloseAsync(page);
    }
}
