using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Xunit;

namespace Fleet.Tests.Client;

public class IngestCommandTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private static string Prediction(string model, string id, int latencyMs = 20) =>
        $$"""{"model":"{{model}}","type":"prediction","timestamp":"2025-03-01T12:00:00Z","predictionId":"{{id}}","segment":"new-users","features":{"age":31},"score":0.8,"latencyMs":{{latencyMs}},"servedLevel":1,"fallback":false,"error":false,"timeout":false}""";

    private static string Outcome(string model, string id) =>
        $$"""{"model":"{{model}}","type":"outcome","timestamp":"2025-03-01T12:10:00Z","predictionId":"{{id}}","label":1}""";

    // Five recs events and two spam events, interleaved, with a blank line: batch size 2 gives
    // recs batches of 2, 2, 1 and one spam batch of 2.
    private static readonly string Events = string.Join("\n",
        Prediction("recs", "r1"),
        Prediction("spam", "s1"),
        Outcome("recs", "r1"),
        "",
        Prediction("recs", "r2"),
        Outcome("spam", "s1"),
        Prediction("recs", "r3"),
        Outcome("recs", "r2")) + "\n";

    /// <summary>Answers like Fleet: a batch id seen before is acknowledged as a duplicate.</summary>
    private static Func<RecordedRequest, (int, string)> IdempotentFleet()
    {
        var seen = new ConcurrentDictionary<string, bool>();
        return request =>
        {
            var body = JsonNode.Parse(request.Body)!;
            var batchId = body["batchId"]!.GetValue<string>();
            var duplicate = !seen.TryAdd(batchId, true);
            var predictions = duplicate ? 0 : body["predictions"]!.AsArray().Count;
            var outcomes = duplicate ? 0 : body["outcomes"]!.AsArray().Count;
            return (200, $$"""{"batchId":"{{batchId}}","duplicate":{{(duplicate ? "true" : "false")}},"predictions":{{predictions}},"outcomes":{{outcomes}},"level":1}""");
        };
    }

    [Fact]
    public async Task Sends_per_model_batches_of_at_most_batch_size_with_predictions_and_outcomes_together()
    {
        await using var server = await FakeFleetServer.StartAsync(IdempotentFleet());
        var file = _files.Write("events.jsonl", Events);

        var result = await CliRunner.RunAsync("ingest", file, "--batch-size", "2", "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        var requests = server.Requests.ToArray();
        Assert.All(requests, r => Assert.Equal("POST", r.Method));
        Assert.Equal(
            ["/api/models/recs/events", "/api/models/recs/events", "/api/models/recs/events", "/api/models/spam/events"],
            requests.Select(r => r.Path));

        var bodies = requests.Select(r => JsonNode.Parse(r.Body)!).ToArray();
        var hash = bodies[0]["batchId"]!.GetValue<string>()[..12];
        Assert.Matches("^[0-9a-f]{12}$", hash);
        Assert.Equal(
            [$"{hash}-recs-1", $"{hash}-recs-2", $"{hash}-recs-3", $"{hash}-spam-1"],
            bodies.Select(b => b["batchId"]!.GetValue<string>()));

        // recs in file order: r1 prediction, r1 outcome | r2 prediction, r3 prediction | r2 outcome
        Assert.Equal(["r1"], PredictionIds(bodies[0]));
        Assert.Equal(["r1"], OutcomeIds(bodies[0]));
        Assert.Equal(["r2", "r3"], PredictionIds(bodies[1]));
        Assert.Empty(OutcomeIds(bodies[1]));
        Assert.Equal(["r2"], OutcomeIds(bodies[2]));
        Assert.Equal(["s1"], PredictionIds(bodies[3]));
        Assert.Equal(["s1"], OutcomeIds(bodies[3]));

        // Fields pass through untouched, minus the routing properties.
        var first = bodies[0]["predictions"]![0]!.AsObject();
        Assert.Equal(31, first["features"]!["age"]!.GetValue<int>());
        Assert.Equal("new-users", first["segment"]!.GetValue<string>());
        Assert.False(first.ContainsKey("model"));
        Assert.False(first.ContainsKey("type"));

        Assert.Contains("Sent 4 batches (0 duplicates): 7 events (4 predictions, 3 outcomes) in ", result.Output);
        Assert.Contains("events/s", result.Output);
    }

    [Fact]
    public async Task Running_the_same_ingest_again_reuses_the_batch_ids_and_the_server_reports_duplicates()
    {
        await using var server = await FakeFleetServer.StartAsync(IdempotentFleet());
        var file = _files.Write("events.jsonl", Events);

        await CliRunner.RunAsync("ingest", file, "--batch-size", "2", "--server", server.Url);
        var firstIds = BatchIds(server);
        server.Requests.Clear();
        var rerun = await CliRunner.RunAsync("ingest", file, "--batch-size", "2", "--server", server.Url);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(firstIds, BatchIds(server));
        Assert.Contains("Sent 4 batches (4 duplicates)", rerun.Output);
    }

    [Fact]
    public async Task A_malformed_line_stops_before_anything_is_sent_naming_the_line()
    {
        await using var server = await FakeFleetServer.StartAsync(IdempotentFleet());
        var file = _files.Write("bad.jsonl", Prediction("recs", "r1") + "\n\n" + """{"model":"recs","type":"click"}""" + "\n" + Prediction("recs", "r2"));

        var result = await CliRunner.RunAsync("ingest", file, "--server", server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(server.Requests);
        Assert.Contains("bad.jsonl: line 3: \"type\" must be \"prediction\" or \"outcome\"", result.Error);
    }

    [Fact]
    public async Task A_rejected_batch_stops_the_ingest_with_the_servers_message_and_line_range()
    {
        await using var server = await FakeFleetServer.StartAsync(request =>
            request.Body.Contains("\"latencyMs\":-5")
                ? (400, """{"error":"latencyMs must not be negative","field":"predictions[1].latencyMs"}""")
                : IdempotentFleet()(request));
        var lines = string.Join("\n",
            Prediction("recs", "r1"), Prediction("recs", "r2"),      // batch 1: lines 1-2
            Prediction("recs", "r3"), Prediction("recs", "r4", -5),  // batch 2: lines 3-4, rejected
            Prediction("recs", "r5"));                               // batch 3: never sent
        var file = _files.Write("events.jsonl", lines);

        var result = await CliRunner.RunAsync("ingest", file, "--batch-size", "2", "--server", server.Url);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.Matches(
            @"^error: batch [0-9a-f]{12}-recs-2 \(model recs, lines 3-4\) rejected: latencyMs must not be negative \(field: predictions\[1\]\.latencyMs, HTTP 400\)$",
            result.Error.Trim());
        Assert.Contains("Sent 1 batches (0 duplicates): 2 events", result.Output);
    }

    [Fact]
    public async Task Batch_size_below_one_is_a_usage_error()
    {
        var file = _files.Write("events.jsonl", Events);

        var result = await CliRunner.RunAsync("ingest", file, "--batch-size", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--batch-size must be at least 1", result.Error);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("ingest", Path.Combine(_files.Path, "missing.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Error);
    }

    [Fact]
    public async Task Default_batch_size_sends_one_batch_per_model_for_small_files()
    {
        await using var server = await FakeFleetServer.StartAsync(IdempotentFleet());
        var file = _files.Write("events.jsonl", Events);

        var result = await CliRunner.RunAsync("ingest", file, "--server", server.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/api/models/recs/events", "/api/models/spam/events"], server.Requests.Select(r => r.Path));
    }

    private static string[] BatchIds(FakeFleetServer server) =>
        server.Requests.Select(r => JsonNode.Parse(r.Body)!["batchId"]!.GetValue<string>()).ToArray();

    private static string[] PredictionIds(JsonNode body) => Ids(body["predictions"]!);

    private static string[] OutcomeIds(JsonNode body) => Ids(body["outcomes"]!);

    private static string[] Ids(JsonNode events) =>
        events.AsArray().Select(e => e!["predictionId"]!.GetValue<string>()).ToArray();
}
