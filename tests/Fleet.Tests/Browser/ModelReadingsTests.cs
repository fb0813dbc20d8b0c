using Fleet.Tests.Core;
using Xunit.Abstractions;
using static Fleet.Tests.Core.Clock;
using static Microsoft.Playwright.Assertions;

namespace Fleet.Tests.Browser;

/// <summary>The model view says which thresholds cannot be judged for too little traffic, and what holds the level.</summary>
public sealed class ModelReadingsTests(ChromiumFixture fixture, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_model_view_lists_what_holds_the_level_and_what_cannot_be_judged()
    {
        var host = fixture.Host;
        var id = ChromiumFixture.NewModelId("quiet");
        await host.RegisterAsync(id, domain: "credit");
        // 30 slow requests, all failing: the error state (N >= 20 over 5 m) holds the model at level 5; the error rate
        // (N >= 500), the latency, fallback and coverage (N >= 100) and the drift and fairness tests (no reference, no labels)
        // have too little traffic over every window they may be read over.
        var predictions = Enumerable.Range(0, 30).Select(_ =>
        {
            var p = Api.Prediction(T0, Ev.NewId(), latencyMs: 900);
            p["error"] = true;
            return p;
        });
        var response = await host.Http.PostAsync($"/api/models/{id}/events", Api.Body(Api.Batch(T0.AddSeconds(5), predictions)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var page = await fixture.OpenLiveAsync(output, $"#/model/{id}");

        var breaches = page.Locator("ul.breaches");
        await Expect(breaches.Locator("li[data-severity='5']").First).ToContainTextAsync("error-state");
        await Expect(breaches.Locator("li.not-judged", new() { HasText = "too little traffic" }))
            .ToHaveTextAsync("error-rate, timeout-rate, latency-p95, fallback-rate, coverage, input-drift, fairness-gap: not judged: too little traffic");
    }
}
