using System.Globalization;

namespace Fleet.Benchmarks.Http;

/// <summary>The sample lines of a host's /metrics scrape (Prometheus text): each series' name, whole line and value.</summary>
internal static class MetricsScrape
{
    public static IEnumerable<(string Name, string Line, double Value)> Samples(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.LastIndexOf(' ') is var space && space < 0) continue;
            if (!double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            yield return (line[..line.IndexOfAny(['{', ' '])], line, value);
        }
    }
}
