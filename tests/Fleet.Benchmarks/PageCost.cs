using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Fleet.Benchmarks;

/// <summary>
/// What the dashboard page cost Chromium's renderer while the probes ran, from the DevTools protocol's Performance
/// metrics (cumulative seconds of script, style recalculation, layout and all tasks on the page's main thread). On
/// two cores the browser competes with the host it measures: this says how much it took, and on what.
/// </summary>
internal sealed class PageCost
{
    private static readonly string[] Shown = ["TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"];
    private readonly ICDPSession _session;
    private Dictionary<string, double> _start = [];
    private Dictionary<string, double> _end = [];

    private PageCost(ICDPSession session) => _session = session;

    public static async Task<PageCost> StartAsync(IPage page)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Performance.enable");
        var cost = new PageCost(session);
        cost._start = await cost.ReadAsync();
        return cost;
    }

    public async Task StopAsync() => _end = await ReadAsync();

    private async Task<Dictionary<string, double>> ReadAsync()
    {
        var reply = await _session.SendAsync("Performance.getMetrics");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (reply is { } json && json.TryGetProperty("metrics", out var list))
            foreach (var m in list.EnumerateArray())
                metrics[m.GetProperty("name").GetString()!] = m.GetProperty("value").GetDouble();
        return metrics;
    }

    public string Describe(TimeSpan over) =>
        $"page main thread over the probes: " + string.Join(", ", Shown.Select(name =>
            _end.TryGetValue(name, out var end) && _start.TryGetValue(name, out var start)
                ? string.Create(CultureInfo.InvariantCulture, $"{name.Replace("Duration", "", StringComparison.Ordinal).ToLowerInvariant()} {end - start:F1} s ({(end - start) / over.TotalSeconds:P0})")
                : $"{name} not reported")) + $" of {over.TotalSeconds:F0} s";
}
