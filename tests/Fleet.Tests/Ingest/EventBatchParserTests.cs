using System.Buffers;
using System.Text;
using Fleet.Dashboard.Api;
using Fleet.Events;
using Xunit;
using static Fleet.Tests.Core.Clock;

namespace Fleet.Tests.Ingest;

/// <summary>
/// The events body read straight into an <see cref="EventBatch"/>: HTTP events reach the monitor as simulated ones do
/// (features as <see cref="FeatureRow"/>s, one schema per distinct ordered list of names), and every refusal names
/// its field and reason, in the order the API's JSON convention judged them.
/// </summary>
public sealed class EventBatchParserTests
{
    private const string P = """{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-1","latencyMs":5""";

    private static EventBatchParser.Result Parse(string json, int segment = 0) =>
        EventBatchParser.Parse(segment == 0 ? new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)) : Segmented(Encoding.UTF8.GetBytes(json), segment), T0);

    private static EventBatch Batch(string json, int segment = 0)
    {
        var (batch, error, _) = Parse(json, segment);
        Assert.Null(error);
        return batch!;
    }

    private static void AssertRefused(string json, string field, string reason)
    {
        var (batch, error, tooLarge) = Parse(json);
        Assert.Null(batch);
        Assert.False(tooLarge);
        Assert.Equal(field, error!.Field);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Rows_naming_the_same_features_in_the_same_order_share_one_schema()
    {
        var batch = Batch("""
            {"batchId":"b-1","predictions":[
              {"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-1","latencyMs":5,"features":{"age":31,"region":"eu","vip":true,"note":null}},
              {"timestamp":"2026-01-01T00:00:01Z","predictionId":"p-2","latencyMs":5,"features":{"age":40,"region":"us","vip":false,"note":"x"}},
              {"timestamp":"2026-01-01T00:00:02Z","predictionId":"p-3","latencyMs":5,"features":{"region":"us","age":22}},
              {"timestamp":"2026-01-01T00:00:03Z","predictionId":"p-4","latencyMs":5},
              {"timestamp":"2026-01-01T00:00:04Z","predictionId":"p-5","latencyMs":5,"features":{"age":50,"region":"eu","vip":true,"note":null}},
              {"timestamp":"2026-01-01T00:00:05Z","predictionId":"p-6","latencyMs":5,"features":{"age":51,"region":"eu","vip":true}}
            ]}
            """);
        var rows = batch.Predictions.Select(p => p.Features).ToList();

        Assert.Same(rows[0]!.Schema, rows[1]!.Schema);
        Assert.Same(rows[0]!.Schema, rows[4]!.Schema);
        Assert.NotSame(rows[0]!.Schema, rows[2]!.Schema); // the same names in another order: another schema
        Assert.NotSame(rows[0]!.Schema, rows[5]!.Schema); // the first names of a schema, not all of them: another
        Assert.Equal(["region", "age"], rows[2]!.Schema.Names.ToArray());
        Assert.Equal(["age", "region", "vip"], rows[5]!.Schema.Names.ToArray());
        Assert.Null(rows[3]);
        Assert.Equal(["age", "region", "vip", "note"], rows[0]!.Schema.Names.ToArray());
        Assert.Equal<FeatureValue>([new(31, null), new(null, "eu"), new(null, "true"), new(null, null)], rows[0]!.Values.ToArray());
        Assert.Equal<FeatureValue>([new(40, null), new(null, "us"), new(null, "false"), new(null, "x")], rows[1]!.Values.ToArray());
        Assert.Equal<FeatureValue>([new(null, "us"), new(22, null)], rows[2]!.Values.ToArray());
    }

    [Fact]
    public void Every_field_of_a_prediction_and_an_outcome_reaches_the_batch()
    {
        var batch = Batch("""
            {"batchId":"b-9","sentAt":"2026-01-01T00:10:00+01:00",
             "predictions":[{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-1","segment":"18-24","features":{"age":31},"score":0.25,
               "latencyMs":12.5,"servedLevel":3,"fallback":true,"error":true,"timeout":true,"version":"v2","holdout":true,"user":"u-123"},
               {"timestamp":"2026-01-01T00:00:01Z","predictionId":"p-2","latencyMs":0}],
             "outcomes":[{"timestamp":"2026-01-01T00:01:00Z","predictionId":"p-1","label":1,"clicked":true,"converted":false,"value":-2.5,"feedback":"not-for-me","optOut":true},
               {"timestamp":"2026-01-01T00:01:01Z","predictionId":"p-2","label":0.5}]}
            """);

        Assert.Equal("b-9", batch.BatchId);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 10, 0, TimeSpan.FromHours(1)), batch.SentAt);
        var p = batch.Predictions[0];
        Assert.Equal((new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "p-1", "18-24", 0.25, 12.5, 3, true, true, true, "v2", true),
            (p.Timestamp, p.PredictionId, p.Segment, p.Score, p.LatencyMs, p.ServedLevel, p.Fallback, p.Error, p.Timeout, p.Version, p.Holdout));
        Assert.Equal(31, p.Features!["age"].Number);
        Assert.Equal(Fleet.Users.UserKey.Of("u-123"), p.UserKey); // the id's hash: the raw id is not kept
        Assert.Null(batch.Predictions[1].UserKey);
        var q = batch.Predictions[1];
        Assert.Equal((null, (double?)null, 1, false, false, false, null, false, (FeatureRow?)null),
            (q.Segment, q.Score, q.ServedLevel, q.Fallback, q.Error, q.Timeout, q.Version, q.Holdout, q.Features));
        Assert.Equal(new OutcomeEvent(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero), "p-1", 1, new UserResponse(true, false, -2.5, UserFeedback.NotForMe, true)),
            batch.Outcomes[0]);
        Assert.Equal(new OutcomeEvent(new DateTimeOffset(2026, 1, 1, 0, 1, 1, TimeSpan.Zero), "p-2", 0.5), batch.Outcomes[1]);
    }

    [Fact]
    public void Without_sentAt_the_batch_takes_the_server_clock()
    {
        Assert.Equal(T0, Batch($$$"""{"batchId":"b","predictions":[{{{P}}}}]}""").SentAt);
    }

    [Fact]
    public void A_body_split_across_many_buffers_reads_as_the_same_batch()
    {
        var json = $$$"""{"batchId":"b-\u0031","predictions":[{{{P}}},"features":{"a\u0067e":31,"region":"eu"}},{{{P.Replace("p-1", "p-2")}}},"features":{"age":32,"region":"us"}}],"out\u0063omes":[]}""";
        var whole = Batch(json);

        foreach (var size in new[] { 1, 3, 7, 64 })
        {
            var split = Batch(json, size);
            Assert.Equal("b-1", split.BatchId);
            Assert.Equal(whole.Predictions.Select(p => (p.PredictionId, p.Timestamp, p.LatencyMs)), split.Predictions.Select(p => (p.PredictionId, p.Timestamp, p.LatencyMs)));
            Assert.Equal(["age", "region"], split.Predictions[1].Features!.Schema.Names.ToArray());
            Assert.Same(split.Predictions[0].Features!.Schema, split.Predictions[1].Features!.Schema);
            Assert.Equal<FeatureValue>([new(32, null), new(null, "us")], split.Predictions[1].Features!.Values.ToArray());
        }
    }

    [Fact]
    public void Field_names_match_without_regard_to_case_as_the_api_convention_reads_them()
    {
        var batch = Batch("""{"BatchId":"b","PREDICTIONS":[{"Timestamp":"2026-01-01T00:00:00Z","predictionid":"p","LatencyMs":5}]}""");
        Assert.Equal(("b", "p"), (batch.BatchId, batch.Predictions[0].PredictionId));
    }

    [Fact]
    public void A_feature_named_twice_keeps_its_first_place_and_its_last_value()
    {
        var rows = Batch($$$"""{"batchId":"b","predictions":[{{{P}}},"features":{"a":1,"b":2,"a":3}}]}""").Predictions[0].Features!;
        Assert.Equal(["a", "b"], rows.Schema.Names.ToArray());
        Assert.Equal<FeatureValue>([new(3, null), new(2, null)], rows.Values.ToArray());
    }

    [Fact]
    public void A_row_of_many_features_named_twice_is_read_by_its_names_not_scanned()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"\"f{i}\":{i}");
        var features = string.Join(',', names) + ",\"f39\":-1,\"f0\":-2";
        var row = Batch($$$"""{"batchId":"b","predictions":[{{{P}}},"features":{{{{features}}}}}]}""").Predictions[0].Features!;
        Assert.Equal(40, row.Count);
        Assert.Equal((-2, 17, -1), (row["f0"].Number, row["f17"].Number, row["f39"].Number));
    }

    [Fact]
    public void Distinct_labels_sharing_the_repeated_text_table_keep_their_own_text()
    {
        // 300 distinct categories over the table's 64 slots: slots are shared, and every value must still be its own.
        var rows = Enumerable.Range(0, 300).Select(i =>
            $$$"""{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-{{{i}}}","latencyMs":1,"segment":"s-{{{i % 3}}}","version":"v{{{i % 2}}}","features":{"region":"r-{{{i}}}","device":"mobile"}}""");
        var batch = Batch($$$"""{"batchId":"b","predictions":[{{{string.Join(',', rows)}}}]}""");

        for (var i = 0; i < 300; i++)
        {
            var p = batch.Predictions[i];
            Assert.Equal(($"s-{i % 3}", $"v{i % 2}", $"r-{i}", "mobile"), (p.Segment, p.Version, p.Features!["region"].Category, p.Features["device"].Category));
        }
    }

    [Fact]
    public void A_label_a_batch_repeats_is_one_string()
    {
        var rows = Enumerable.Range(0, 100).Select(i =>
            $$$"""{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p-{{{i}}}","latencyMs":1,"segment":"18-24","version":"v2","features":{"region":"{{{(i % 2 == 0 ? "EU" : "US")}}}","device":"mobile"}}""");
        var batch = Batch($$$"""{"batchId":"b","predictions":[{{{string.Join(',', rows)}}}]}""");

        var (first, last) = (batch.Predictions[0], batch.Predictions[98]);
        Assert.Same(first.Segment, last.Segment);
        Assert.Same(first.Version, last.Version);
        Assert.Same(first.Features!["region"].Category, last.Features!["region"].Category);
        Assert.Same(first.Features["device"].Category, last.Features["device"].Category);
        Assert.Equal("US", batch.Predictions[99].Features!["region"].Category);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "", "body", "is not valid JSON" },
        { "null", "body", "is empty or null" },
        { "[]", "body", "has the wrong type" },
        { """{"batchId":"b"} {}""", "body", "is not valid JSON" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},,}]}""", "predictions[0]", "is not valid JSON" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}}""", "predictions[0].latencyMs", "is not valid JSON" },
        { """{"batchId":"b","predictions":[{"latencyMs":NaN}]}""", "predictions[0].latencyMs", "is not valid JSON" },
        { """{"batchId":"b","predictions":[{"latencyMs":"NaN"}]}""", "predictions[0].latencyMs", "has the wrong type (expected a finite number)" },
        { """{"batchId":"b","predictions":[{"score":"Infinity"}]}""", "predictions[0].score", "has the wrong type" },
        { """{"batchId":"b","predictions":[{"servedLevel":1.5}]}""", "predictions[0].servedLevel", "has the wrong type" },
        { """{"batchId":"b","predictions":[{"timestamp":"yesterday"}]}""", "predictions[0].timestamp", "has the wrong type (expected an ISO 8601 timestamp)" },
        { """{"batchId":"b","predictions":[{"fallback":"yes"}]}""", "predictions[0].fallback", "has the wrong type (expected true or false)" },
        { """{"batchId":7}""", "batchId", "has the wrong type (expected a string)" },
        { """{"batchId":"b","predictions":{}}""", "predictions", "has the wrong type (expected an array)" },
        { """{"batchId":"b","predictions":[1]}""", "predictions[0]", "has the wrong type" },
        { """{"batchId":"b","predictions":[{"features":[]}]}""", "predictions[0].features", "has the wrong type (expected an object)" },
        { """{"batchId":"b","colour":"red"}""", "colour", "is not a known field" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"colour":"red"}]}""", "predictions[0].colour", "is not a known field" },
        { """{"batchId":"b","outcomes":[{"labels":1}]}""", "outcomes[0].labels", "is not a known field" },
        { $$$"""{"batchId":"b","predictions":[{"predictionId":"p\u0000"}]}""", "predictions[0].predictionId", "must not contain control characters (found U+0000)" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"features":{"region":"\u202Eue"}}]}""", "predictions[0].features.region", "must not contain bidirectional control characters" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"features":{"re\u0007gion":"eu"}}]}""", "predictions[0].features.re\u0007gion", "must not contain control characters (found U+0007)" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"user":"u-1"},{{{P}}},"user":"\u202Eu-2"}]}""", "predictions[1].user", "must not contain bidirectional control characters (found U+202E)" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"user":"u\n1"}]}""", "predictions[0].user", "must not contain control characters (found U+000A)" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"user":"{{{new string('u', 129)}}}"}]}""", "predictions[0].user", "is longer than 128 characters" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"user":""}]}""", "predictions[0].user", "must not be empty" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"user":123}]}""", "predictions[0].user", "has the wrong type (expected a string)" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"segment":"\uD800"}]}""", "predictions[0].segment", "is not valid JSON" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"features":{"deep":{{{new string('[', 70)}}}{{{new string(']', 70)}}}}}]}""", "predictions[0].features.deep", "is not valid JSON" },
        { """{"batchId":"b\nc","predictions":[]}""", "batchId", "must not contain control characters" },
        { $$$"""{"batchId":"{{{new string('b', 201)}}}"}""", "batchId", "is longer than 200 characters" },
        // Missing fields and other kinds of features come after the JSON as a whole: the JSON error is named, though later.
        { $$$"""{"batchId":"b","predictions":[{"predictionId":"p","latencyMs":1},{{{P}}},"colour":1}]}""", "predictions[1].colour", "is not a known field" },
        { """{"predictions":[{"predictionId":"p","latencyMs":1}]}""", "batchId", "is required" },
        { """{"batchId":" ","predictions":[{"predictionId":"p","latencyMs":1}]}""", "batchId", "is required" },
        { """{"batchId":"b","predictions":[null]}""", "predictions[0]", "is null" },
        { """{"batchId":"b","predictions":[{"predictionId":"p","latencyMs":1}]}""", "predictions[0].timestamp", "is required" },
        { """{"batchId":"b","predictions":[{"timestamp":"2026-01-01T00:00:00Z","latencyMs":1}]}""", "predictions[0].predictionId", "is required" },
        { """{"batchId":"b","predictions":[{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p","features":{"age":[1]}}]}""", "predictions[0].latencyMs", "is required" },
        { $$$"""{"batchId":"b","predictions":[{{{P}}},"features":{"age":31,"tags":[1]}}]}""", "predictions[0].features.tags", "must be a number, a string, a boolean or null" },
        { $$$"""{"batchId":"b","outcomes":[{"timestamp":"2026-01-01T00:00:00Z"}],"predictions":[{{{P}}}},{"latencyMs":1}]}""", "predictions[1].timestamp", "is required" },
        { """{"batchId":"b","outcomes":[{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p"}]}""", "outcomes[0].label", "is required" },
        { """{"batchId":"b","outcomes":[{"timestamp":"2026-01-01T00:00:00Z","predictionId":"p","label":1,"feedback":"meh"}]}""", "outcomes[0].feedback", "must be up, down or not-for-me" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bad_body_is_refused_naming_the_field_and_the_reason(string json, string field, string reason) => AssertRefused(json, field, reason);

    [Fact]
    public void More_than_ten_thousand_events_is_too_large_before_any_missing_field_is_named()
    {
        var predictions = string.Join(',', Enumerable.Repeat("""{"latencyMs":1}""", 10_000));
        var (batch, error, tooLarge) = Parse($$$"""{"batchId":"b","predictions":[{{{predictions}}}],"outcomes":[{"label":1}]}""");

        Assert.Null(batch);
        Assert.True(tooLarge);
        Assert.Equal(("predictions", "the batch holds 10001 events; at most 10000 are accepted per batch"), (error!.Field, error.Reason));
    }

    /// <summary>The bytes as a chain of buffers of <paramref name="size"/> bytes, as a server hands a body over.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var next = new Segment(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null) first = next;
            else last.Link(next);
            last = next;
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Link(Segment next) => Next = next;
    }
}
