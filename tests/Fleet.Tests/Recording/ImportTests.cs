using System.Net;
using System.Text.Json.Nodes;
using Fleet.Tests.Core;

namespace Fleet.Tests.Recording;

/// <summary>README "Import": the shipped example of each format imports, plays as a run and raises its alerts; a bad file is refused whole.</summary>
public sealed class ImportTests
{
    private static async Task RegisterExampleAsync(FleetTestHost host, string model) =>
        await RecordingSupport.RegisterAsync(host, model, (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(RecordingSupport.Example($"{model}.model.json")))!);

    [Theory]
    [InlineData("checkout-outage.jsonl", "events-jsonl", "application/x-ndjson", "checkout-ranker")]
    [InlineData("checkout-outage.csv", "events-csv", "text/csv", "checkout-ranker")]
    public async Task A_shipped_events_example_imports_and_its_run_pages_for_the_outage(string file, string format, string media, string model)
    {
        await using var host = await RecordingSupport.StartAsync();
        await RegisterExampleAsync(host, model);
        var (status, import) = await RecordingSupport.ImportAsync(host, format, await File.ReadAllTextAsync(RecordingSupport.Example(file)), media);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal([model], import["models"]!.AsArray().Select(m => m!.GetValue<string>()));

        var run = await RecordingSupport.PlayAsync(host, import["id"]!.GetValue<string>());
        var summary = await RecordingSupport.GetAsync(host, $"/api/runs/{run}/summary");
        Assert.Equal(180 + 45, summary["events"]!.GetValue<long>()); // 30 minutes of 6 predictions, and outcomes for 45 of the healthy ones
        // Every request fails from minute 15: errors hold the whole 5-minute window, error state (level 5), and a page.
        Assert.Contains(summary["transitions"]!.AsArray(), t => t!["to"]!.GetValue<int>() == 5);
        Assert.Contains(("model-degraded", model, "firing"), await RecordingSupport.AlertsAsync(host, run));
    }

    [Fact]
    public async Task The_shipped_metrics_example_reproduces_its_figures_and_raises_its_alerts()
    {
        await using var host = await RecordingSupport.StartAsync();
        await RegisterExampleAsync(host, "fraud-scorer");
        var (status, import) = await RecordingSupport.ImportAsync(host, "metrics-csv", await File.ReadAllTextAsync(RecordingSupport.Example("fraud-errors.metrics.csv")));
        Assert.Equal(HttpStatusCode.Created, status);

        var run = await RecordingSupport.PlayAsync(host, import["id"]!.GetValue<string>());
        var alerts = await RecordingSupport.AlertsAsync(host, run);
        Assert.Contains(alerts, a => a.Rule == "model-degraded" && a.State != "inactive");
        Assert.Contains(alerts, a => a.Rule == "error-rate" && a.State != "inactive");

        // The file's minute 35 (08:35) played at the run's 00:35: its figures read back from the monitor's own window.
        var series = (await RecordingSupport.GetAsync(host, $"/api/models/fraud-scorer/series?window=1h&world={run}"))["points"]!.AsArray();
        var minute = series.Single(p => DateTimeOffset.Parse(p!["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            == Fleet.Simulation.Runs.RunOptions.DefaultStart.AddMinutes(35))!;
        Assert.Equal(300, minute["volume"]!.GetValue<long>());
        Assert.Equal(24 / 300.0, minute["errorRate"]!.GetValue<double>(), 9);
        Assert.Equal(6 / 300.0, minute["timeoutRate"]!.GetValue<double>(), 9);
        // Quantiles: the sketch's 1 % and a rank's step between the file's anchors (P99's is steepest: 5 %).
        Assert.InRange(minute["latencyP50"]!.GetValue<double>(), 60 * 0.97, 60 * 1.03);
        Assert.InRange(minute["latencyP95"]!.GetValue<double>(), 250 * 0.97, 250 * 1.03);
        Assert.InRange(minute["latencyP99"]!.GetValue<double>(), 400 * 0.95, 400 * 1.05);
        Assert.Equal(0.97, minute["quality"]!.GetValue<double>(), 9);
    }

    [Fact]
    public async Task A_malformed_file_is_refused_whole_naming_its_line_and_field()
    {
        await using var host = await RecordingSupport.StartAsync();
        await RegisterExampleAsync(host, "checkout-ranker");
        const string header = "model,type,timestamp,predictionId,latencyMs,score";
        const string good = "checkout-ranker,prediction,2026-03-02T08:00:00Z,p-1,40,0.7";
        const string jsonGood = """{"model":"checkout-ranker","type":"prediction","timestamp":"2026-03-02T08:00:00Z","predictionId":"p-1","latencyMs":40}""";
        var cases = new (string Format, string Content, int Line, string Field)[]
        {
            ("events-csv", "model,type,timestamp,predictionId,latencyMs,colour\n", 1, "colour"),
            ("events-jsonl", jsonGood + "\n" + jsonGood.Replace("p-1", "p-2").Replace("08:00:00Z", "08:61:00Z") + "\n", 2, "timestamp"),
            ("events-jsonl", jsonGood + "\n" + jsonGood.Replace("checkout-ranker", "no-such-model") + "\n", 2, "model"),
            ("events-csv", $"{header}\n{good}\n{good.Replace("p-1", "p-2").Replace("0.7", "NaN")}\n", 3, "score"),
            ("events-csv", $"{header}\n{good}\n{good.Replace("p-1", "p-2").Replace(",40,", ",-5,")}\n", 3, "latencyMs"),
            ("metrics-csv", "minute,model,volume,errors,timeouts,latencyP50,latencyP95,latencyP99\n2026-03-02T08:00:00Z,checkout-ranker,10,0,0,30,NaN,90\n", 2, "latencyP95"),
            ("metrics-csv", "minute,model,volume,errors,timeouts,latencyP50,latencyP95,latencyP99\n2026-03-02T08:00:30Z,checkout-ranker,10,0,0,30,60,90\n", 2, "minute"),
            ("metrics-csv", "minute,model,volume,errors,timeouts,latencyP50,latencyP95,latencyP99\n2026-03-02T08:00:00Z,checkout-ranker,10,11,0,30,60,90\n", 2, "errors"),
        };
        foreach (var (format, content, line, field) in cases)
        {
            var (status, body) = await RecordingSupport.ImportAsync(host, format, content, format == "events-jsonl" ? "application/x-ndjson" : "text/csv");
            Assert.True(status == HttpStatusCode.BadRequest, $"{format} {field}: {status} {body}");
            Assert.Equal(line, body["line"]!.GetValue<int>());
            Assert.Equal(field, body["field"]!.GetValue<string>());
            Assert.StartsWith($"line {line}: {field}: ", body["error"]!.GetValue<string>());
        }
        Assert.Empty((await RecordingSupport.GetAsync(host, "/api/recordings")).AsArray());
    }
}
