using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Client.Ingestion;
using Xunit;

namespace Fleet.Tests.Client;

public class EventFileTests
{
    private static EventFile Parse(params string[] lines) =>
        EventFile.Parse(Encoding.UTF8.GetBytes(string.Join("\n", lines)));

    private static string Prediction(string model, string id) =>
        $$"""{"model":"{{model}}","type":"prediction","timestamp":"2025-01-01T00:00:00Z","predictionId":"{{id}}","score":0.9,"latencyMs":12}""";

    private static string Outcome(string model, string id) =>
        $$"""{"model":"{{model}}","type":"outcome","timestamp":"2025-01-01T00:05:00Z","predictionId":"{{id}}","label":1}""";

    [Fact]
    public void Events_keep_file_order_and_lose_their_routing_properties()
    {
        var file = Parse(Prediction("recs", "p1"), Outcome("recs", "p1"));

        Assert.Equal([EventKind.Prediction, EventKind.Outcome], file.Events.Select(e => e.Kind));
        Assert.All(file.Events, e => Assert.Equal("recs", e.ModelId));
        Assert.False(file.Events[0].Fields.ContainsKey("model"));
        Assert.False(file.Events[0].Fields.ContainsKey("type"));
        Assert.Equal("p1", file.Events[0].Fields["predictionId"]!.GetValue<string>());
    }

    [Fact]
    public void Batches_group_events_by_model_in_order_of_first_appearance()
    {
        var file = Parse(
            Prediction("spam", "s1"),
            Prediction("recs", "r1"),
            Outcome("spam", "s1"),
            Prediction("recs", "r2"));

        var batches = file.ToBatches(batchSize: 10);

        Assert.Equal(["spam", "recs"], batches.Select(b => b.ModelId));
        Assert.Equal([1, 3], batches[0].Events.Select(e => e.LineNumber));
        Assert.Equal([2, 4], batches[1].Events.Select(e => e.LineNumber));
    }

    [Fact]
    public void Each_models_events_are_cut_into_batches_of_at_most_batch_size()
    {
        var lines = Enumerable.Range(1, 5).Select(i => Prediction("recs", $"r{i}"))
            .Concat(Enumerable.Range(1, 2).Select(i => Prediction("spam", $"s{i}")))
            .ToArray();

        var batches = Parse(lines).ToBatches(batchSize: 2);

        Assert.Equal([2, 2, 1, 2], batches.Select(b => b.Events.Count));
        Assert.Equal([1, 2, 3, 1], batches.Select(b => b.Sequence));
        Assert.Equal(7, batches.Sum(b => b.Events.Count));
    }

    [Fact]
    public void Predictions_and_outcomes_of_one_batch_travel_in_one_body()
    {
        var batch = Parse(Prediction("recs", "p1"), Outcome("recs", "p1")).ToBatches(1000).Single();

        var body = JsonNode.Parse(batch.ToJson())!.AsObject();

        Assert.Equal(batch.BatchId, body["batchId"]!.GetValue<string>());
        Assert.Equal("p1", body["predictions"]![0]!["predictionId"]!.GetValue<string>());
        Assert.Equal(12, body["predictions"]![0]!["latencyMs"]!.GetValue<int>());
        Assert.Equal(1, body["outcomes"]![0]!["label"]!.GetValue<int>());
        Assert.Single(body["predictions"]!.AsArray());
        Assert.Single(body["outcomes"]!.AsArray());
    }

    [Fact]
    public void Batch_id_is_content_hash_then_model_then_sequence()
    {
        var content = Encoding.UTF8.GetBytes(Prediction("recs", "r1") + "\n" + Prediction("recs", "r2"));
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];

        var batches = EventFile.Parse(content).ToBatches(batchSize: 1);

        Assert.Equal([$"{expectedHash}-recs-1", $"{expectedHash}-recs-2"], batches.Select(b => b.BatchId));
    }

    [Fact]
    public void Batch_ids_are_identical_when_the_same_content_is_parsed_again()
    {
        string[] lines = [Prediction("recs", "r1"), Prediction("spam", "s1"), Outcome("recs", "r1")];

        var first = Parse(lines).ToBatches(2).Select(b => b.BatchId);
        var second = Parse(lines).ToBatches(2).Select(b => b.BatchId);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Batch_ids_differ_when_the_content_differs()
    {
        var original = Parse(Prediction("recs", "r1")).ToBatches(10).Single().BatchId;
        var edited = Parse(Prediction("recs", "r2")).ToBatches(10).Single().BatchId;

        Assert.NotEqual(original, edited);
    }

    [Fact]
    public void Blank_lines_are_skipped_but_still_count_for_line_numbers()
    {
        var file = Parse("", Prediction("recs", "r1"), "   ", "\t", Prediction("recs", "r2"), "");

        Assert.Equal([2, 5], file.Events.Select(e => e.LineNumber));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var file = EventFile.Parse(Encoding.UTF8.GetBytes(Prediction("recs", "r1") + "\r\n\r\n" + Outcome("recs", "r1") + "\r\n"));

        Assert.Equal([1, 3], file.Events.Select(e => e.LineNumber));
    }

    [Fact]
    public void An_empty_file_has_no_batches()
    {
        Assert.Empty(Parse("", "  ").ToBatches(10));
    }

    [Theory]
    [InlineData("""{"model":"recs","type":"prediction",""", "not valid JSON")]
    [InlineData("""[1,2,3]""", "expected a JSON object")]
    [InlineData("""{"type":"prediction","predictionId":"x"}""", "missing \"model\"")]
    [InlineData("""{"model":"","type":"prediction"}""", "\"model\" must be a non-empty string")]
    [InlineData("""{"model":42,"type":"prediction"}""", "\"model\" must be a non-empty string")]
    [InlineData("""{"model":"recs"}""", "missing \"type\"")]
    [InlineData("""{"model":"recs","type":"click"}""", "\"type\" must be \"prediction\" or \"outcome\"")]
    public void A_malformed_line_rejects_the_file_naming_the_line_and_the_reason(string badLine, string reason)
    {
        var error = Assert.Throws<EventFileException>(() => Parse(Prediction("recs", "r1"), "", badLine, Prediction("recs", "r2")));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith("line 3: ", error.Message);
    }

    [Fact]
    public void Batch_size_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parse(Prediction("recs", "r1")).ToBatches(0));
    }
}
